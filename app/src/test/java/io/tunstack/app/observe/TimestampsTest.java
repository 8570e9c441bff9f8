package io.tunstack.app.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.text.SimpleDateFormat;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Properties;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/** One shape of time everywhere: the log lines (slf4j-simple), the status line and the summary print it alike. */
class TimestampsTest {

    private static final Instant MOMENT = Instant.parse("2026-11-30T10:14:29.123Z");

    @Test
    void localTimeWithItsOffsetToTheMillisecond() {
        assertEquals("2026-11-30T11:14:29.123+01:00", Timestamps.now(Clock.fixed(MOMENT, ZoneOffset.ofHours(1))));
        assertEquals("2026-11-30T10:14:29.123Z", Timestamps.now(Clock.fixed(MOMENT, ZoneOffset.UTC)));
        assertEquals("2026-11-30T05:14:29.123-05:00",
                Timestamps.now(Clock.fixed(MOMENT, ZoneId.of("America/New_York"))));
    }

    @Test
    void theLoggerIsConfiguredWithTheSamePatternAndPrintsTheSame() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = TimestampsTest.class.getResourceAsStream("/simplelogger.properties")) {
            properties.load(in);
        }
        assertEquals("true", properties.getProperty("org.slf4j.simpleLogger.showDateTime"));
        assertEquals(Timestamps.SIMPLE_DATE_FORMAT_PATTERN,
                properties.getProperty("org.slf4j.simpleLogger.dateTimeFormat"));

        SimpleDateFormat logger = new SimpleDateFormat(Timestamps.SIMPLE_DATE_FORMAT_PATTERN);
        for (String zone : new String[] {"UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"}) {
            logger.setTimeZone(TimeZone.getTimeZone(zone));
            assertEquals(Timestamps.now(Clock.fixed(MOMENT, ZoneId.of(zone))), logger.format(Date.from(MOMENT)), zone);
        }
    }
}
