package io.tunstack.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The first stop signal stops in order; the duplicates that {@code timeout(1)} and supervisors send at once are
 * ignored; only one long after the first exits at once.
 */
class StopSignalsTest {

    private final List<String> stops = new ArrayList<>();
    private final List<Integer> halts = new ArrayList<>();
    private final AtomicLong nanos = new AtomicLong(TimeUnit.DAYS.toNanos(1));
    private final SignalHandlers.StopSignals signals = new SignalHandlers.StopSignals(stops::add, nanos::get,
            halts::add);

    @Test
    void theFirstSignalAsksForTheOrderlyStopOnce() {
        signals.received("SIGTERM", 15);

        assertEquals(List.of("SIGTERM"), stops);
        assertEquals(List.of(), halts);
    }

    @Test
    void aSecondSignalAtOnceIsIgnored() {
        signals.received("SIGTERM", 15);
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(2));
        signals.received("SIGTERM", 15);
        signals.received("SIGINT", 2);
        signals.received("SIGHUP", 1);

        assertEquals(List.of("SIGTERM"), stops, "one orderly stop");
        assertEquals(List.of(), halts, "the summary and the capture are not thrown away");
    }

    @Test
    void aSignalWhenTheStopHangsExitsAtOnceWithItsStatus() {
        signals.received("SIGINT", 2);
        nanos.addAndGet(SignalHandlers.FORCE_AFTER.toNanos() - 1);
        signals.received("SIGINT", 2);
        assertEquals(List.of(), halts, "just before the limit: still a duplicate");

        nanos.addAndGet(1);
        signals.received("SIGINT", 2);

        assertEquals(List.of(130), halts, "128 + SIGINT's 2, as a shell reports a process killed by it");
        assertEquals(List.of("SIGINT"), stops);
    }

    @Test
    void sighupStopsInOrderToo() {
        assertEquals(List.of("INT", "TERM", "HUP"), SignalHandlers.STOP_SIGNALS);
        signals.received("SIGHUP", 1);
        assertEquals(List.of("SIGHUP"), stops);
    }
}
