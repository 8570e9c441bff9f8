package io.tunstack.app;

import io.tunstack.stack.DropReason;
import io.tunstack.stack.StackCounters;
import java.util.ArrayList;
import java.util.List;

/**
 * The totals of every queue at one moment: what the counters line ({@code kill -USR1}) and the exit summary show.
 *
 * <p>The first line has a fixed shape that scripts and tests may parse:
 * {@code 12 packets read, 10 echo replies, 10 packets written, 2 dropped, 0 device errors}. The exit summary adds
 * one line per drop reason that occurred, {@code   2 dropped ipv6-unsupported: IPv6 packet; ...}, and with more than
 * one queue, one line per queue: {@code   queue 1: 6 packets read, 5 echo replies, ...}.
 */
final class Summary {

    /** ICMP type 0, RFC 792. */
    private static final int ICMP_ECHO_REPLY = 0;

    private final long packetsRead;
    private final long packetsWritten;
    private final long deviceErrors;
    private final StackCounters stack;
    /** One summary per queue when there is more than one, else empty. */
    private final List<Summary> queues;

    private Summary(long packetsRead, long packetsWritten, long deviceErrors, StackCounters stack,
            List<Summary> queues) {
        this.packetsRead = packetsRead;
        this.packetsWritten = packetsWritten;
        this.deviceErrors = deviceErrors;
        this.stack = stack;
        this.queues = queues;
    }

    /** Adds up the counters of {@code workers}; any thread. */
    static Summary of(List<Worker> workers) {
        List<DeviceCounters> device = new ArrayList<>();
        List<StackCounters> stack = new ArrayList<>();
        for (Worker worker : workers) {
            device.add(worker.counters());
            stack.add(worker.stack().counters());
        }
        return total(device, stack);
    }

    /** Adds up the counters of every queue: {@code device.get(i)} and {@code stack.get(i)} belong to queue i. */
    static Summary total(List<DeviceCounters> device, List<StackCounters> stack) {
        List<Summary> queues = new ArrayList<>();
        if (device.size() > 1) {
            for (int queue = 0; queue < device.size(); queue++) {
                queues.add(total(List.of(device.get(queue)), List.of(stack.get(queue))));
            }
        }
        long read = 0;
        long written = 0;
        long errors = 0;
        for (DeviceCounters counters : device) {
            read += counters.packetsRead();
            written += counters.packetsWritten();
            errors += counters.deviceErrors();
        }
        StackCounters stackTotal = new StackCounters();
        for (StackCounters counters : stack) {
            stackTotal.addFrom(counters);
        }
        return new Summary(read, written, errors, stackTotal, List.copyOf(queues));
    }

    long packetsRead() {
        return packetsRead;
    }

    long packetsWritten() {
        return packetsWritten;
    }

    long deviceErrors() {
        return deviceErrors;
    }

    /** The totals in one line. */
    String countsLine() {
        return packetsRead + " packets read, "
                + stack.icmpSent(ICMP_ECHO_REPLY) + " echo replies, "
                + packetsWritten + " packets written, "
                + stack.droppedTotal() + " dropped, "
                + deviceErrors + " device errors";
    }

    /** The counts line, one indented line per drop reason with a non-zero count, then one per queue if several. */
    List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add(countsLine());
        for (DropReason reason : DropReason.values()) {
            long count = stack.dropped(reason);
            if (count > 0) {
                lines.add("  " + count + " dropped " + reason.label() + ": " + reason.description());
            }
        }
        for (int queue = 0; queue < queues.size(); queue++) {
            lines.add("  queue " + queue + ": " + queues.get(queue).countsLine());
        }
        return lines;
    }
}
