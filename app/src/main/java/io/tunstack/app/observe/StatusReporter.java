package io.tunstack.app.observe;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prints a {@link StatusLine} on stderr every few seconds while packets flow, from its own daemon thread; quiet
 * intervals print nothing. Each line begins with the time it was taken ({@link Timestamps}). The workers are never
 * involved: the reporter only reads their counters.
 *
 * <p>An idle tunstack wakes up for nothing: after an interval without packets, the reporter sleeps on the
 * {@link TrafficSignal} until a worker reads a packet again, and the next interval starts then.
 */
public final class StatusReporter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StatusReporter.class);

    /** How often the line is printed by default. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

    private final CounterSource counters;
    private final PrintStream out;
    private final LongSupplier nanoTime;
    private final Clock clock;
    private CounterSnapshot previous;
    private long previousNanos;
    private Thread thread;

    StatusReporter(CounterSource counters, PrintStream out, LongSupplier nanoTime, Clock clock) {
        this.counters = counters;
        this.out = out;
        this.nanoTime = nanoTime;
        this.clock = clock;
        this.previous = CounterSnapshot.of(counters);
        this.previousNanos = nanoTime.getAsLong();
    }

    /** Starts printing to {@code out} every {@code interval} while packets flow; {@code traffic} ends an idle sleep. */
    public static StatusReporter start(CounterSource counters, PrintStream out, Duration interval,
            TrafficSignal traffic, Clock clock) {
        StatusReporter reporter = new StatusReporter(counters, out, System::nanoTime, clock);
        Thread thread = new Thread(() -> reporter.run(interval, traffic), "tunstack-status");
        thread.setDaemon(true);
        reporter.thread = thread;
        thread.start();
        return reporter;
    }

    private void run(Duration interval, TrafficSignal traffic) {
        long millis = interval.toMillis();
        while (true) {
            try {
                TimeUnit.MILLISECONDS.sleep(millis);
            } catch (InterruptedException e) {
                return;
            }
            if (!report()) {
                traffic.awaitTraffic(() -> !StatusLine.packetsFlowed(previous, CounterSnapshot.of(counters)));
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                previousNanos = nanoTime.getAsLong(); // the rates of the next line count from here
            }
        }
    }

    /**
     * Takes a snapshot and prints the line for the interval since the last one, if packets flowed. A failure is logged
     * and the next interval tries again.
     *
     * @return whether packets flowed in the interval
     */
    boolean report() {
        try {
            return reportInterval();
        } catch (RuntimeException e) {
            log.warn("status line failed", e);
            return true;
        }
    }

    private boolean reportInterval() {
        CounterSnapshot now = CounterSnapshot.of(counters);
        long nowNanos = nanoTime.getAsLong();
        boolean flowed = StatusLine.packetsFlowed(previous, now);
        if (flowed) {
            out.println(Timestamps.now(clock) + " "
                    + StatusLine.format(previous, now, Duration.ofNanos(nowNanos - previousNanos)));
        }
        previous = now;
        previousNanos = nowNanos;
        return flowed;
    }

    /** Stops the reporter; the exit summary, printed by the app, takes over. */
    @Override
    public void close() {
        if (thread != null) {
            thread.interrupt();
        }
    }
}
