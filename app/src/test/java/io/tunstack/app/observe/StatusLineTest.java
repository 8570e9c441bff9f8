package io.tunstack.app.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.stack.verdict.DropReason;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class StatusLineTest {

    private static CounterSnapshot snapshot(long read, long written, long badChecksums, long deviceErrors) {
        Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
        for (DropReason reason : DropReason.values()) {
            drops.put(reason, 0L);
        }
        drops.put(DropReason.ICMP_BAD_CHECKSUM, badChecksums);
        return new CounterSnapshot(read, written, new TreeMap<>(Map.of(0, written)), drops, deviceErrors);
    }

    @Test
    void showsRatesOverTheIntervalAndTotalsWithDropReasons() {
        String line = StatusLine.format(snapshot(1000, 990, 4, 0), snapshot(6000, 5980, 14, 0),
                Duration.ofSeconds(5));
        assertEquals("status: in 1000 pkt/s, out 998 pkt/s, drops 2 pkt/s | total in 6000, out 5980, dropped 14"
                + " (icmp-bad-checksum 14)", line);
    }

    @Test
    void namesDeviceErrorsOnlyWhenThereAreSome() {
        String line = StatusLine.format(snapshot(0, 0, 0, 0), snapshot(10, 10, 0, 2), Duration.ofSeconds(5));
        assertEquals("status: in 2 pkt/s, out 2 pkt/s, drops 0 pkt/s | total in 10, out 10, dropped 0,"
                + " device errors 2", line);
    }

    @Test
    void isPrintedOnlyWhilePacketsFlow() {
        assertFalse(StatusLine.packetsFlowed(snapshot(10, 10, 0, 0), snapshot(10, 10, 0, 0)));
        assertTrue(StatusLine.packetsFlowed(snapshot(10, 10, 0, 0), snapshot(11, 10, 0, 0)));
    }
}
