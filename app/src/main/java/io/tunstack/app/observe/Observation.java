package io.tunstack.app.observe;

import io.tunstack.app.PacketObserver;
import io.tunstack.device.LinkType;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Everything the observing options started for one run: the per-worker packet observers, the status line and the
 * metrics endpoint. Opened by {@link ObserveOptions#open} before the workers start (so that a bad capture file or a
 * port in use is a startup error), reporting from {@link #startReporting} once their counters exist, closed by the
 * app's orderly shutdown (also on SIGTERM) after the workers have stopped, which flushes the capture file.
 *
 * <pre>
 * Observation observation = observe.open(deviceName, linkType);
 * TrafficSignal traffic = new TrafficSignal();
 * Responder responder = new Responder(settings, queue -&gt; observation.newPacketObserver(), traffic);
 * try {
 *     responder.start();
 *     observation.startReporting(responder.counterSource(), traffic);
 *     responder.awaitTermination();
 * } finally {
 *     // stop and join the workers, close the device, then:
 *     observation.close();
 * }
 * </pre>
 */
public final class Observation implements AutoCloseable {

    private final LinkType linkType;
    private final boolean trace;
    private final AtomicInteger explainRemaining;
    private final boolean showLinkChatter;
    private final PcapCapture capture;
    private final MetricsServer metrics;
    private final boolean statusLine;
    private final Duration statusInterval;
    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;
    private final List<ExchangeObserver> observers = new ArrayList<>();
    private StatusReporter status;
    private boolean reporting;

    Observation(LinkType linkType, boolean trace, int explainCount, boolean showLinkChatter, PcapCapture capture,
            MetricsServer metrics, boolean statusLine, Duration statusInterval, PrintStream out, PrintStream err,
            Clock clock) {
        this.linkType = linkType;
        this.trace = trace;
        this.explainRemaining = explainCount > 0 ? new AtomicInteger(explainCount) : null;
        this.showLinkChatter = showLinkChatter;
        this.capture = capture;
        this.metrics = metrics;
        this.statusLine = statusLine;
        this.statusInterval = statusInterval;
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    /**
     * Starts the status line (unless {@code --quiet}) and serving metrics (if {@code --metrics}), both reading
     * {@code counters} from their own threads. Call once, when the workers' counters exist; {@code traffic} is the
     * signal the workers give when packets resume after an idle spell.
     */
    public synchronized void startReporting(CounterSource counters, TrafficSignal traffic) {
        startReporting(counters, ProfileCountSource.NONE, traffic);
    }

    /** {@link #startReporting(CounterSource, TrafficSignal)}, and the metrics serve what the host profiles did. */
    public synchronized void startReporting(CounterSource counters, ProfileCountSource profiles,
            TrafficSignal traffic) {
        if (reporting) {
            throw new IllegalStateException("reporting already started");
        }
        reporting = true;
        if (statusLine) {
            status = StatusReporter.start(counters, err, statusInterval, traffic, clock);
        }
        if (metrics != null) {
            metrics.profiles(profiles);
            metrics.start(counters);
        }
    }

    /**
     * A new observer for one worker, or {@code null} when no packet option ({@code --trace}, {@code --explain},
     * {@code --pcap}) is on: the worker then pays one null check per packet. Call once per worker thread; the
     * observer is not shared. Trace and explain leave out the kernel's own link chatter unless
     * {@code --show-link-chatter}; the capture holds everything.
     */
    public synchronized PacketObserver newPacketObserver() {
        List<ExchangeListener> listeners = new ArrayList<>(3);
        // The formatters and explainers load only for --trace and --explain.
        PacketText text = trace || explainRemaining != null ? PacketText.of(linkType) : null;
        if (trace) {
            listeners.add(forPeople(new TracePrinter(out, clock, text)));
        }
        if (explainRemaining != null) {
            listeners.add(forPeople(new ExplainPrinter(out, explainRemaining, text)));
        }
        if (capture != null) {
            listeners.add(capture);
        }
        if (listeners.isEmpty()) {
            return null;
        }
        ExchangeObserver observer = new ExchangeObserver(listeners, clock);
        observers.add(observer);
        return observer;
    }

    private ExchangeListener forPeople(ExchangeListener listener) {
        return showLinkChatter ? listener : new LinkChatterFilter(listener);
    }

    /** The metrics endpoint, or {@code null} when {@code --metrics} is off. */
    public MetricsServer metrics() {
        return metrics;
    }

    /** Tunstack is stopping: {@code /ready} says so from now on. Any thread. */
    public void stopping() {
        if (metrics != null) {
            metrics.stopping();
        }
    }

    /**
     * Stops the status line and the metrics endpoint, and flushes and closes the capture file. Call after the workers
     * have stopped.
     */
    @Override
    public synchronized void close() {
        if (status != null) {
            status.close();
        }
        if (metrics != null) {
            metrics.close();
        }
        for (ExchangeObserver observer : observers) {
            observer.close();
        }
        observers.clear();
        if (capture != null) {
            capture.close();
        }
        out.flush();
    }
}
