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
 * one line per drop reason that occurred: {@code   2 dropped ipv6-unsupported: IPv6 packet; ...}.
 */
final class Summary {

    /** ICMP type 0, RFC 792. */
    private static final int ICMP_ECHO_REPLY = 0;

    private final long packetsRead;
    private final long packetsWritten;
    private final long deviceErrors;
    private final StackCounters stack;

    private Summary(long packetsRead, long packetsWritten, long deviceErrors, StackCounters stack) {
        this.packetsRead = packetsRead;
        this.packetsWritten = packetsWritten;
        this.deviceErrors = deviceErrors;
        this.stack = stack;
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

    /** Adds up the device counters and the stack counters of every queue. */
    static Summary total(List<DeviceCounters> device, List<StackCounters> stack) {
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
        return new Summary(read, written, errors, stackTotal);
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

    /** The counts line, then one indented line per drop reason with a non-zero count. */
    List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add(countsLine());
        for (DropReason reason : DropReason.values()) {
            long count = stack.dropped(reason);
            if (count > 0) {
                lines.add("  " + count + " dropped " + reason.label() + ": " + reason.description());
            }
        }
        return lines;
    }
}
