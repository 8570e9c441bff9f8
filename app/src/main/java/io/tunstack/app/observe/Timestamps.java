package io.tunstack.app.observe;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The one shape of time in tunstack's log lines, status lines and exit summary: ISO 8601 local time to the millisecond,
 * with the UTC offset, {@code 2026-11-30T10:14:29.123+01:00} ({@code Z} where local time is UTC, as in most
 * containers). The offset makes a line unambiguous wherever it is read; local time matches the other logs of the same
 * machine.
 *
 * <p>slf4j-simple formats its own lines with {@link java.text.SimpleDateFormat}: {@code simplelogger.properties} sets
 * {@link #SIMPLE_DATE_FORMAT_PATTERN}, which prints the same as {@link #FORMAT} (a test compares them).
 */
public final class Timestamps {

    /** The pattern of {@link #FORMAT} as {@link java.text.SimpleDateFormat} spells it. */
    public static final String SIMPLE_DATE_FORMAT_PATTERN = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX";

    /** {@code 2026-11-30T10:14:29.123+01:00}. */
    public static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");

    private Timestamps() {
    }

    /** The time now on {@code clock}, in its zone. */
    public static String now(Clock clock) {
        return FORMAT.format(ZonedDateTime.now(clock));
    }
}
