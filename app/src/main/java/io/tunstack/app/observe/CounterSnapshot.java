package io.tunstack.app.observe;

import io.tunstack.stack.verdict.Answer;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.verdict.StackCounters;
import io.tunstack.stack.verdict.StackEvent;
import java.util.List;

/**
 * The counters of one queue, or of all queues added up, at one moment: what one summary, one status line or one scrape
 * shows, so that they all agree. Every figure comes from the stack's {@link StackCounters}, except the two that only
 * the device knows: packets written and device errors.
 *
 * <p>The figures add up: {@code read = answered + dropped + held}, each of the three by its kind ({@link Answer},
 * {@link DropReason}); {@code sent = whole packets by kind + fragments}; {@code sent = written + failed writes}.
 */
public final class CounterSnapshot {

    /** A copy, never a worker's own counters. */
    private final StackCounters stack;
    private final long written;
    private final long deviceErrors;

    private CounterSnapshot(StackCounters stack, long written, long deviceErrors) {
        this.stack = stack;
        this.written = written;
        this.deviceErrors = deviceErrors;
    }

    /** The queues of {@code source} added up now. */
    public static CounterSnapshot of(CounterSource source) {
        return total(source.queues());
    }

    /** {@code queues} added up now. */
    public static CounterSnapshot total(List<QueueCounters> queues) {
        StackCounters stack = new StackCounters();
        long written = 0;
        long errors = 0;
        for (QueueCounters queue : queues) {
            stack.addFrom(queue.stack());
            written += queue.device().packetsWritten();
            errors += queue.device().deviceErrors();
        }
        return new CounterSnapshot(stack, written, errors);
    }

    /** One queue now. */
    public static CounterSnapshot of(QueueCounters queue) {
        return total(List.of(queue));
    }

    /** Packets read from the device: every one went to the stack and is answered, dropped or held. */
    public long read() {
        return stack.received();
    }

    /** Packets read and answered, whatever the answer. */
    public long answered() {
        return stack.answeredTotal();
    }

    /** Packets read and answered with {@code answer}. */
    public long answered(Answer answer) {
        return stack.answered(answer);
    }

    /** Fragments read and held for reassembly. */
    public long held() {
        return stack.held();
    }

    /** Held fragments discarded later with their datagram for {@code reason} (part of {@link #held()}). */
    public long heldDiscarded(DropReason reason) {
        return stack.heldDiscarded(reason);
    }

    /** Packets read and dropped for any reason. */
    public long dropped() {
        return stack.droppedTotal();
    }

    /** Packets read and dropped for {@code reason}. */
    public long dropped(DropReason reason) {
        return stack.dropped(reason);
    }

    /** Packets the stack handed to the device: whole packets of every kind and fragments. */
    public long sent() {
        return stack.transmitted();
    }

    /** Whole packets of kind {@code kind} the stack handed to the device. */
    public long sent(Answer kind) {
        return stack.sent(kind);
    }

    /** Fragments of answers larger than the MTU that the stack handed to the device. */
    public long fragmentsSent() {
        return stack.fragmentsSent();
    }

    /** Whole packets of {@code protocol} the stack handed to the device, whatever the answer. */
    public long sent(Answer.Protocol protocol) {
        long total = 0;
        for (Answer answer : Answer.values()) {
            if (answer.protocol() == protocol) {
                total += stack.sent(answer);
            }
        }
        return total;
    }

    /** How often {@code event} happened: the life of the TCP connections to open ports. */
    public long events(StackEvent event) {
        return stack.events(event);
    }

    /** ICMP errors of kind {@code error} that the error rate limit kept from being sent. */
    public long rateLimited(Answer error) {
        return stack.rateLimited(error);
    }

    /** ICMP errors of any kind that the error rate limit kept from being sent. */
    public long rateLimited() {
        return stack.rateLimitedTotal();
    }

    /** Packets the device accepted; a failed write is a device error instead. */
    public long written() {
        return written;
    }

    /** Failed reads and writes on the device. */
    public long deviceErrors() {
        return deviceErrors;
    }
}
