package io.tunstack.app.observe;

import io.tunstack.stack.verdict.DropReason;
import java.time.Duration;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * Formats the live status line from two snapshots taken an interval apart; the totals add up as the summary's do
 * (read = answered + dropped + held):
 *
 * <pre>
 * status: in 1000 pkt/s, out 998 pkt/s, drops 2 pkt/s | total in 5000: 4990 answered, 10 dropped
 * (icmp-bad-checksum 10), 0 held; out 4990
 * </pre>
 *
 * <p>(one line). ICMP errors the rate limit kept back and device errors are named only when there are some.
 */
public final class StatusLine {

    private StatusLine() {
    }

    /** Whether anything happened between the snapshots: the line is only printed while packets flow. */
    public static boolean packetsFlowed(CounterSnapshot before, CounterSnapshot now) {
        return now.read() != before.read() || now.sent() != before.sent()
                || now.deviceErrors() != before.deviceErrors();
    }

    /** The status line for the interval from {@code before} to {@code now}. */
    public static String format(CounterSnapshot before, CounterSnapshot now, Duration interval) {
        double seconds = Math.max(interval.toNanos(), 1) / 1e9;
        StringBuilder line = new StringBuilder(160).append("status: ")
                .append("in ").append(rate(now.read() - before.read(), seconds))
                .append(", out ").append(rate(now.written() - before.written(), seconds))
                .append(", drops ").append(rate(now.dropped() - before.dropped(), seconds))
                .append(" | total in ").append(now.read())
                .append(": ").append(now.answered()).append(" answered, ")
                .append(now.dropped()).append(" dropped");
        StringJoiner reasons = new StringJoiner(", ", " (", ")").setEmptyValue("");
        for (DropReason reason : DropReason.values()) {
            if (now.dropped(reason) != 0) {
                reasons.add(reason.label() + " " + now.dropped(reason));
            }
        }
        line.append(reasons).append(", ").append(now.held()).append(" held; out ").append(now.written());
        if (now.rateLimited() != 0) {
            line.append("; ").append(Counted.of(now.rateLimited(), "ICMP error", "ICMP errors"))
                    .append(" rate-limited");
        }
        if (now.deviceErrors() != 0) {
            line.append("; ").append(Counted.of(now.deviceErrors(), "device error", "device errors"));
        }
        return line.toString();
    }

    private static String rate(long count, double seconds) {
        return String.format(Locale.ROOT, "%.0f pkt/s", count / seconds);
    }
}
