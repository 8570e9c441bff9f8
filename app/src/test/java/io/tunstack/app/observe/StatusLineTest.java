package io.tunstack.app.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.stack.verdict.Answer;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.verdict.StackCounters;
import io.tunstack.stack.verdict.Verdict;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StatusLineTest {

    /**
     * {@code read} packets: all answered but {@code badChecksums} dropped and {@code held} held; {@code written}
     * replies written, {@code deviceErrors} failed.
     */
    private static CounterSnapshot snapshot(long read, long written, long badChecksums, long held,
            long deviceErrors) {
        QueueCounters queue = new QueueCounters(new StackCounters(), new DeviceCounters());
        for (long i = 0; i < read - badChecksums - held; i++) {
            queue.stack().count(Verdict.answered(Answer.ICMPV4_ECHO_REPLY));
        }
        for (long i = 0; i < badChecksums; i++) {
            queue.stack().count(Verdict.dropped(DropReason.ICMP_BAD_CHECKSUM));
        }
        for (long i = 0; i < held; i++) {
            queue.stack().count(Verdict.HELD);
        }
        for (long i = 0; i < written; i++) {
            queue.stack().countSent(Answer.ICMPV4_ECHO_REPLY);
            queue.device().countWritten();
        }
        for (long i = 0; i < deviceErrors; i++) {
            queue.device().countDeviceError();
        }
        return CounterSnapshot.of(queue);
    }

    @Test
    void showsRatesOverTheIntervalAndTotalsThatAddUp() {
        String line = StatusLine.format(snapshot(1000, 990, 4, 0, 0), snapshot(6000, 5980, 14, 6, 0),
                Duration.ofSeconds(5));
        assertEquals("status: in 1000 pkt/s, out 998 pkt/s, drops 2 pkt/s | total in 6000: 5980 answered, 14 dropped"
                + " (icmp-bad-checksum 14), 6 held; out 5980", line);
    }

    @Test
    void namesDeviceErrorsAndRateLimitedErrorsOnlyWhenThereAreSome() {
        CounterSnapshot before = snapshot(0, 0, 0, 0, 0);
        String line = StatusLine.format(before, snapshot(10, 10, 0, 0, 2), Duration.ofSeconds(5));
        assertEquals("status: in 2 pkt/s, out 2 pkt/s, drops 0 pkt/s | total in 10: 10 answered, 0 dropped, 0 held;"
                + " out 10; 2 device errors", line);

        QueueCounters limited = new QueueCounters(new StackCounters(), new DeviceCounters());
        limited.stack().count(Verdict.dropped(DropReason.IPV4_BAD_OPTION));
        limited.stack().countRateLimited(Answer.ICMPV4_PARAMETER_PROBLEM);
        limited.device().countDeviceError();
        assertEquals("status: in 0 pkt/s, out 0 pkt/s, drops 0 pkt/s | total in 1: 0 answered, 1 dropped"
                + " (ipv4-bad-option 1), 0 held; out 0; 1 ICMP error rate-limited; 1 device error",
                StatusLine.format(before, CounterSnapshot.of(limited), Duration.ofSeconds(5)));
    }

    @Test
    void isPrintedOnlyWhilePacketsFlow() {
        assertFalse(StatusLine.packetsFlowed(snapshot(10, 10, 0, 0, 0), snapshot(10, 10, 0, 0, 0)));
        assertTrue(StatusLine.packetsFlowed(snapshot(10, 10, 0, 0, 0), snapshot(11, 10, 0, 0, 0)));
        assertTrue(StatusLine.packetsFlowed(snapshot(10, 10, 0, 0, 0), snapshot(10, 10, 0, 0, 1)));
    }
}
