package io.tunstack.it.support;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The counts tunstack prints in its counters line ({@code kill -USR1}) and in the first line of its exit summary:
 * {@code 12 packets read, 10 echo replies, 10 packets written, 2 dropped, 0 device errors}.
 */
public record TunstackCounters(long packetsRead, long echoReplies, long packetsWritten, long dropped,
        long deviceErrors) {

    private static final Pattern COUNTS = Pattern.compile("(\\d+) packets read, (\\d+) echo replies, "
            + "(\\d+) packets written, (\\d+) dropped, (\\d+) device errors");

    /** The counts in {@code line}, if it has them. */
    public static Optional<TunstackCounters> find(String line) {
        Matcher m = COUNTS.matcher(line);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(new TunstackCounters(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                Long.parseLong(m.group(3)), Long.parseLong(m.group(4)), Long.parseLong(m.group(5))));
    }

    /** Whether {@code line} holds the counts. */
    public static boolean isCountsLine(String line) {
        return COUNTS.matcher(line).find();
    }
}
