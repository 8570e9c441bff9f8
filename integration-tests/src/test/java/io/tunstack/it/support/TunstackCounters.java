package io.tunstack.it.support;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The counts tunstack prints in its counters line ({@code kill -USR1}) and in the first line of its exit summary,
 * which add up (read = answered + dropped + held):
 * {@code 12 packets read: 10 answered, 1 dropped, 1 held; 10 packets written, 0 device errors}. In these tests every
 * answer is an echo reply.
 */
public record TunstackCounters(long packetsRead, long answered, long dropped, long held, long packetsWritten,
        long deviceErrors) {

    private static final Pattern COUNTS = Pattern.compile("(\\d+) packets? read: (\\d+) answered, (\\d+) dropped, "
            + "(\\d+) held; (\\d+) packets? written, (\\d+) device errors?");

    /** The counts in {@code line}, if it has them. */
    public static Optional<TunstackCounters> find(String line) {
        Matcher m = COUNTS.matcher(line);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(new TunstackCounters(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                Long.parseLong(m.group(3)), Long.parseLong(m.group(4)), Long.parseLong(m.group(5)),
                Long.parseLong(m.group(6))));
    }

    /** Whether {@code line} holds the counts. */
    public static boolean isCountsLine(String line) {
        return COUNTS.matcher(line).find();
    }
}
