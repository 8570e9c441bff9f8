package io.tunstack.stack.verdict;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What one stack has seen and sent: the one place where verdicts and sent packets are counted. Single writer (the
 * stack's worker thread); any thread may read. Counting never allocates.
 *
 * <p>The counts add up by construction: every received packet is counted once, by its {@link Verdict}, so
 * {@code received = answered + held + dropped}; every packet handed to the transmitter is counted once, by what it is,
 * so {@code transmitted = sent (whole answers and errors, by kind) + fragments sent}.
 *
 * <p>All counters live in one {@code long[]}, written and read with {@link VarHandle#setOpaque}/{@link
 * VarHandle#getOpaque}: the single writer needs no atomic read-modify-write, and a reader on another thread sees each
 * counter's latest value without tearing, though not a consistent snapshot across counters.
 */
public final class StackCounters {

    private static final VarHandle COUNTS = MethodHandles.arrayElementVarHandle(long[].class);

    private static final Answer[] ANSWERS = Answer.values();
    private static final DropReason[] REASONS = DropReason.values();
    private static final StackEvent[] EVENTS = StackEvent.values();

    /** Received packets held for reassembly. */
    private static final int HELD = 0;
    /** Fragments sent (pieces of an answer larger than the MTU). */
    private static final int FRAGMENTS_SENT = 1;
    /** Received packets answered, by {@link Answer}. */
    private static final int ANSWERED = 2;
    /** Whole packets sent, by {@link Answer}. */
    private static final int SENT = ANSWERED + ANSWERS.length;
    /** ICMP errors a rate limit kept from being sent, by {@link Answer}. */
    private static final int RATE_LIMITED = SENT + ANSWERS.length;
    /** Received packets dropped, by {@link DropReason}. */
    private static final int DROPPED = RATE_LIMITED + ANSWERS.length;

    /** Fragments held for reassembly and later discarded with their datagram, by {@link DropReason}. */
    private static final int HELD_DISCARDED = DROPPED + REASONS.length;

    /** Events, by {@link StackEvent}. */
    private static final int EVENT = HELD_DISCARDED + REASONS.length;

    private final long[] counts = new long[EVENT + EVENTS.length];

    private void increment(int index) {
        COUNTS.setOpaque(counts, index, (long) COUNTS.getOpaque(counts, index) + 1);
    }

    private long read(int index) {
        return (long) COUNTS.getOpaque(counts, index);
    }

    private long sum(int from, int length) {
        long total = 0;
        for (int i = from; i < from + length; i++) {
            total += read(i);
        }
        return total;
    }

    /** Counts one received packet by what became of it. */
    public void count(Verdict verdict) {
        switch (verdict.kind()) {
            case ANSWERED:
                increment(ANSWERED + verdict.answer().ordinal());
                break;
            case HELD:
                increment(HELD);
                break;
            default:
                increment(DROPPED + verdict.reason().ordinal());
                break;
        }
    }

    /** Counts one whole packet handed to the transmitter: an answer, or an ICMP error about a dropped packet. */
    public void countSent(Answer answer) {
        increment(SENT + answer.ordinal());
    }

    /** Counts one fragment handed to the transmitter. */
    public void countFragmentSent() {
        increment(FRAGMENTS_SENT);
    }

    /** Counts one ICMP error that a rate limit kept from being sent (the offending packet's drop is counted apart). */
    public void countRateLimited(Answer error) {
        increment(RATE_LIMITED + error.ordinal());
    }

    /**
     * Counts one fragment that was held (and counted as {@linkplain #held() held} when it arrived) and is now discarded
     * with its datagram: an overlap, a limit, or the reassembly timeout.
     */
    public void countHeldDiscarded(DropReason reason) {
        increment(HELD_DISCARDED + reason.ordinal());
    }

    /** Counts one {@code event}. */
    public void countEvent(StackEvent event) {
        increment(EVENT + event.ordinal());
    }

    /** How often {@code event} happened. */
    public long events(StackEvent event) {
        return read(EVENT + event.ordinal());
    }

    /** Held fragments discarded later for {@code reason} (they are part of {@link #held()}, not of the drops). */
    public long heldDiscarded(DropReason reason) {
        return read(HELD_DISCARDED + reason.ordinal());
    }

    /** Packets received: answered, held and dropped together. */
    public long received() {
        return answeredTotal() + held() + droppedTotal();
    }

    /** Received packets answered with {@code answer}. */
    public long answered(Answer answer) {
        return read(ANSWERED + answer.ordinal());
    }

    /** Received packets answered, whatever the answer. */
    public long answeredTotal() {
        return sum(ANSWERED, ANSWERS.length);
    }

    /** Received fragments held for reassembly (their datagram is counted by its last fragment's verdict). */
    public long held() {
        return read(HELD);
    }

    /** Received packets dropped for {@code reason}. */
    public long dropped(DropReason reason) {
        return read(DROPPED + reason.ordinal());
    }

    /** Received packets dropped, for any reason. */
    public long droppedTotal() {
        return sum(DROPPED, REASONS.length);
    }

    /** Whole packets of kind {@code answer} handed to the transmitter. */
    public long sent(Answer answer) {
        return read(SENT + answer.ordinal());
    }

    /** Fragments handed to the transmitter. */
    public long fragmentsSent() {
        return read(FRAGMENTS_SENT);
    }

    /** Packets handed to the transmitter: whole answers and errors, and fragments. */
    public long transmitted() {
        return sum(SENT, ANSWERS.length) + fragmentsSent();
    }

    /** ICMP errors of kind {@code error} that a rate limit kept from being sent. */
    public long rateLimited(Answer error) {
        return read(RATE_LIMITED + error.ordinal());
    }

    /** ICMP errors that a rate limit kept from being sent, of any kind. */
    public long rateLimitedTotal() {
        return sum(RATE_LIMITED, ANSWERS.length);
    }

    /** Adds every counter of {@code other} into this one (to total the per-queue counters); reads other. */
    public void addFrom(StackCounters other) {
        for (int i = 0; i < counts.length; i++) {
            COUNTS.setOpaque(counts, i, read(i) + other.read(i));
        }
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("StackCounters[received ").append(received())
                .append(", transmitted ").append(transmitted()).append(", held ").append(held());
        for (Answer answer : ANSWERS) {
            if (answered(answer) != 0) {
                text.append(", answered ").append(answer.label()).append(' ').append(answered(answer));
            }
        }
        for (DropReason reason : REASONS) {
            long count = dropped(reason);
            if (count != 0) {
                text.append(", ").append(reason.label()).append(' ').append(count);
            }
        }
        return text.append(']').toString();
    }
}
