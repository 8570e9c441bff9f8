package io.tunstack.app;

import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.verdict.StackCounters;
import java.util.ArrayList;
import java.util.List;

/**
 * The totals of every queue at one moment: what the counters line ({@code kill -USR1}) and the exit summary show.
 *
 * <p>The first line has a fixed shape that scripts and tests may parse:
 * {@code 12 packets read, 10 echo replies, 10 packets written, 2 dropped, 0 device errors}. The exit summary adds
 * one line per drop reason that occurred, {@code   2 dropped ipv6-disabled: IPv6 packet; ...}, and with more than
 * one queue, one line per queue: {@code   queue 1: 6 packets read, 5 echo replies, ...}.
 *
 * <p>It ends with the per-queue and total counts in the {@code key=value} form that the shared benchmark harness
 * ({@code bench.sh}) collects, as the C responder {@code tunresp} prints them: {@code   q0 read=6 replied=5} for every
 * queue, then {@code   total read=12 replied=10}. {@code replied} counts echo replies.
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
    /** Packets read by each queue, in queue order (one element for a single queue). */
    private final long[] queueReads;
    /** Echo replies sent by each queue, in queue order. */
    private final long[] queueReplies;

    private Summary(long packetsRead, long packetsWritten, long deviceErrors, StackCounters stack,
            List<Summary> queues, long[] queueReads, long[] queueReplies) {
        this.packetsRead = packetsRead;
        this.packetsWritten = packetsWritten;
        this.deviceErrors = deviceErrors;
        this.stack = stack;
        this.queues = queues;
        this.queueReads = queueReads;
        this.queueReplies = queueReplies;
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
        long[] queueReads = new long[device.size()];
        long[] queueReplies = new long[device.size()];
        for (int queue = 0; queue < device.size(); queue++) {
            DeviceCounters counters = device.get(queue);
            queueReads[queue] = counters.packetsRead();
            queueReplies[queue] = stack.get(queue).icmpSent(ICMP_ECHO_REPLY);
            read += counters.packetsRead();
            written += counters.packetsWritten();
            errors += counters.deviceErrors();
        }
        StackCounters stackTotal = new StackCounters();
        for (StackCounters counters : stack) {
            stackTotal.addFrom(counters);
        }
        return new Summary(read, written, errors, stackTotal, List.copyOf(queues), queueReads, queueReplies);
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

    /**
     * The counts line, one indented line per drop reason with a non-zero count, one per queue if several, then the
     * harness's {@code qN read=X replied=Y} line for every queue and its {@code total read=N replied=M} line.
     */
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
        for (int queue = 0; queue < queueReads.length; queue++) {
            lines.add("  q" + queue + " read=" + queueReads[queue] + " replied=" + queueReplies[queue]);
        }
        lines.add("  total read=" + packetsRead + " replied=" + stack.icmpSent(ICMP_ECHO_REPLY));
        return lines;
    }
}
