package io.tunstack.it.support;

import io.tunstack.stack.verdict.DropReason;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The drops by reason in tunstack's exit summary, one line per reason that occurred:
 * {@code   2 dropped ipv4-bad-header-checksum: IPv4 header checksum does not verify}. A reason without a line
 * counts 0.
 */
public final class DropCounts {

    private static final Pattern LINE = Pattern.compile("^\\s*(\\d+) dropped ([a-z0-9-]+): ", Pattern.MULTILINE);

    private final Map<String, Long> byLabel;

    private DropCounts(Map<String, Long> byLabel) {
        this.byLabel = byLabel;
    }

    /** The per-reason lines of {@code output}, everything tunstack printed up to its exit. */
    public static DropCounts parse(String output) {
        Map<String, Long> byLabel = new TreeMap<>();
        Matcher m = LINE.matcher(output);
        while (m.find()) {
            byLabel.merge(m.group(2), Long.parseLong(m.group(1)), Long::sum);
        }
        return new DropCounts(byLabel);
    }

    /** Packets dropped for the reason with this label ({@link DropReason#label()}). */
    public long of(String label) {
        return byLabel.getOrDefault(label, 0L);
    }

    /** Packets dropped for any reason: the sum of the per-reason lines. */
    public long total() {
        return byLabel.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public String toString() {
        return byLabel.isEmpty() ? "no drops" : byLabel.toString();
    }
}
