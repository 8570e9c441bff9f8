package io.tunstack.app.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tunstack.stack.verdict.Answer;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.verdict.StackCounters;
import io.tunstack.stack.verdict.Verdict;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StatusReporterTest {

    @Test
    void printsOneLinePerIntervalWithTrafficAndNothingWhenIdle() {
        StackCounters queue = new StackCounters();
        AtomicLong nanos = new AtomicLong();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CounterSource source = CounterSource.of(List.of(new QueueCounters(queue, new DeviceCounters())));
        try (StatusReporter reporter = new StatusReporter(source,
                new PrintStream(err, true, StandardCharsets.UTF_8), nanos::get,
                Clock.fixed(Instant.parse("2026-11-30T10:14:29.123Z"), ZoneOffset.ofHours(1)))) {
            nanos.addAndGet(TimeUnit.SECONDS.toNanos(5));
            reporter.report();
            assertEquals("", err.toString(StandardCharsets.UTF_8), "idle: no line");

            for (int i = 0; i < 9; i++) {
                queue.count(Verdict.answered(Answer.ICMPV4_ECHO_REPLY));
            }
            queue.count(Verdict.dropped(DropReason.IPV6_DISABLED));
            nanos.addAndGet(TimeUnit.SECONDS.toNanos(5));
            reporter.report();
            assertEquals("2026-11-30T11:14:29.123+01:00 status: in 2 pkt/s, out 0 pkt/s, drops 0 pkt/s | total in 10: 9 answered, 1 dropped"
                    + " (ipv6-disabled 1), 0 held; out 0" + System.lineSeparator(),
                    err.toString(StandardCharsets.UTF_8));
        }
    }
}
