package io.tunstack.app.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.verdict.StackCounters;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
        try (StatusReporter reporter = new StatusReporter(CounterSource.of(List.of(queue), () -> 0),
                new PrintStream(err, true, StandardCharsets.UTF_8), nanos::get)) {
            nanos.addAndGet(TimeUnit.SECONDS.toNanos(5));
            reporter.report();
            assertEquals("", err.toString(StandardCharsets.UTF_8), "idle: no line");

            for (int i = 0; i < 10; i++) {
                queue.countReceived();
            }
            queue.countDrop(DropReason.IPV6_DISABLED);
            nanos.addAndGet(TimeUnit.SECONDS.toNanos(5));
            reporter.report();
            assertEquals("status: in 2 pkt/s, out 0 pkt/s, drops 0 pkt/s | total in 10, out 0, dropped 1"
                    + " (ipv6-disabled 1)" + System.lineSeparator(), err.toString(StandardCharsets.UTF_8));
        }
    }
}
