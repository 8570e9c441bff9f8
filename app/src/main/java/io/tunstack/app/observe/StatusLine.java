package io.tunstack.app.observe;

import io.tunstack.stack.verdict.DropReason;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Formats the live status line from two snapshots taken an interval apart:
 *
 * <pre>
 * status: in 1000 pkt/s, out 998 pkt/s, drops 2 pkt/s | total in 5000, out 4990, dropped 10 (bad-icmp-checksum 10)
 * </pre>
 */
public final class StatusLine {

    private StatusLine() {
    }

    /** Whether anything happened between the snapshots: the line is only printed while packets flow. */
    public static boolean packetsFlowed(CounterSnapshot before, CounterSnapshot now) {
        return now.read() != before.read() || now.written() != before.written()
                || now.deviceErrors() != before.deviceErrors();
    }

    /** The status line for the interval from {@code before} to {@code now}. */
    public static String format(CounterSnapshot before, CounterSnapshot now, Duration interval) {
        double seconds = Math.max(interval.toNanos(), 1) / 1e9;
        StringBuilder line = new StringBuilder(160).append("status: ")
                .append("in ").append(rate(now.read() - before.read(), seconds))
                .append(", out ").append(rate(now.written() - before.written(), seconds))
                .append(", drops ").append(rate(now.droppedTotal() - before.droppedTotal(), seconds))
                .append(" | total in ").append(now.read())
                .append(", out ").append(now.written())
                .append(", dropped ").append(now.droppedTotal());
        StringJoiner reasons = new StringJoiner(", ", " (", ")").setEmptyValue("");
        for (Map.Entry<DropReason, Long> drop : now.dropsByReason().entrySet()) {
            if (drop.getValue() != 0) {
                reasons.add(drop.getKey().label() + " " + drop.getValue());
            }
        }
        line.append(reasons);
        if (now.deviceErrors() != 0) {
            line.append(", device errors ").append(now.deviceErrors());
        }
        return line.toString();
    }

    private static String rate(long count, double seconds) {
        return String.format(Locale.ROOT, "%.0f pkt/s", count / seconds);
    }
}
