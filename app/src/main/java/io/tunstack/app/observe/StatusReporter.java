package io.tunstack.app.observe;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prints a {@link StatusLine} on stderr every few seconds while packets flow, from its own daemon thread; quiet
 * intervals print nothing. Each line begins with the time it was taken ({@link Timestamps}). The workers are never involved: the reporter only reads their counters.
 */
public final class StatusReporter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StatusReporter.class);

    /** How often the line is printed by default. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

    private final CounterSource counters;
    private final PrintStream out;
    private final LongSupplier nanoTime;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private CounterSnapshot previous;
    private long previousNanos;

    StatusReporter(CounterSource counters, PrintStream out, LongSupplier nanoTime, Clock clock) {
        this.counters = counters;
        this.out = out;
        this.nanoTime = nanoTime;
        this.clock = clock;
        this.previous = CounterSnapshot.of(counters);
        this.previousNanos = nanoTime.getAsLong();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tunstack-status");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts printing to {@code out} every {@code interval}. */
    public static StatusReporter start(CounterSource counters, PrintStream out, Duration interval, Clock clock) {
        StatusReporter reporter = new StatusReporter(counters, out, System::nanoTime, clock);
        long period = interval.toMillis();
        reporter.scheduler.scheduleAtFixedRate(reporter::report, period, period, TimeUnit.MILLISECONDS);
        return reporter;
    }

    /**
     * Takes a snapshot and prints the line for the interval since the last one, if packets flowed. A failure is logged
     * and the next interval tries again (an exception would silently cancel the schedule).
     */
    void report() {
        try {
            reportInterval();
        } catch (RuntimeException e) {
            log.warn("status line failed", e);
        }
    }

    private void reportInterval() {
        CounterSnapshot now = CounterSnapshot.of(counters);
        long nowNanos = nanoTime.getAsLong();
        if (StatusLine.packetsFlowed(previous, now)) {
            out.println(Timestamps.now(clock) + " " + StatusLine.format(previous, now, Duration.ofNanos(nowNanos - previousNanos)));
        }
        previous = now;
        previousNanos = nowNanos;
    }

    /** Stops the reporter; the exit summary, printed by the app, takes over. */
    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
