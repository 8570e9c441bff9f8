package io.tunstack.app.observe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the counters at {@code http://ADDR:PORT/metrics} with the JDK's built-in HTTP server, on one daemon thread.
 * Each scrape adds up the queues' counters from that thread; the workers never wait for it.
 *
 * <p>A scraper that accepts {@code application/openmetrics-text} gets OpenMetrics, any other the Prometheus text
 * format.
 *
 * <p>{@code /ready} is the readiness probe: 200 while tunstack answers (from {@link #start}, which the app calls once
 * the ready line is out), 503 before that and once it is {@linkplain #stopping() stopping}.
 */
public final class MetricsServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);
    private static final String PATH = "/metrics";
    private static final String READY_PATH = "/ready";

    private final HttpServer server;
    private final ExecutorService executor;
    private final LongSupplier nanoTime;
    private final long startNanos;
    /** Null until {@link #start}; guarded by this. */
    private CounterSource counters;
    /** What the host profiles did; guarded by this. */
    private ProfileCountSource profiles = ProfileCountSource.NONE;
    /** Set by {@link #stopping()}; guarded by this. */
    private boolean stopping;

    private MetricsServer(HttpServer server, LongSupplier nanoTime) {
        this.server = server;
        this.nanoTime = nanoTime;
        this.startNanos = nanoTime.getAsLong();
        this.executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tunstack-metrics");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /**
     * Binds {@code address}, so that a port in use is a startup error, and serves at once: 503 until {@link #start}.
     *
     * @throws IOException when the address cannot be bound (in use, not local), with the address named
     */
    public static MetricsServer bind(InetSocketAddress address) throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new IOException("cannot serve metrics on " + HttpText.format(address) + ": " + e.getMessage(), e);
        }
        MetricsServer metrics = new MetricsServer(server, System::nanoTime);
        server.start();
        return metrics;
    }

    /** Serves {@code counters} from now on, and {@code /ready} says 200. Uptime counts from {@link #bind}. */
    public synchronized void start(CounterSource counters) {
        this.counters = counters;
        log.info("serving metrics on http://{}{}", HttpText.format(address()), PATH);
    }

    /** Serves what the host profiles did too, from now on. */
    public synchronized void profiles(ProfileCountSource profiles) {
        this.profiles = java.util.Objects.requireNonNull(profiles, "profiles");
    }

    /** From now on {@code /ready} answers 503: tunstack is stopping. Any thread. */
    public synchronized void stopping() {
        stopping = true;
    }

    /** The bound address (with the real port when port 0 was asked for). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Stops serving at once and frees the port. */
    @Override
    public synchronized void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!PATH.equals(path) && !READY_PATH.equals(path)) {
                HttpText.respond(exchange, 404, "text/plain; charset=utf-8",
                        "not found: try " + PATH + " or " + READY_PATH + "\n");
                return;
            }
            String method = exchange.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                HttpText.respond(exchange, 405, "text/plain; charset=utf-8", "method not allowed: " + method + "\n");
                return;
            }
            CounterSource source;
            ProfileCountSource profileSource;
            boolean isStopping;
            synchronized (this) {
                source = counters;
                profileSource = profiles;
                isStopping = stopping;
            }
            if (READY_PATH.equals(path)) {
                if (source == null || isStopping) {
                    HttpText.respond(exchange, 503, "text/plain; charset=utf-8",
                            isStopping ? "stopping\n" : "not ready: the device is being set up\n");
                } else {
                    HttpText.respond(exchange, 200, "text/plain; charset=utf-8", "ready\n");
                }
                return;
            }
            if (source == null) {
                HttpText.respond(exchange, 503, "text/plain; charset=utf-8", "not ready: the device is being set up\n");
                return;
            }
            String accept = exchange.getRequestHeaders().getFirst("Accept");
            boolean openMetrics = accept != null && accept.contains("application/openmetrics-text");
            Duration uptime = Duration.ofNanos(nanoTime.getAsLong() - startNanos);
            String body = MetricsText.render(CounterSnapshot.of(source), profileSource.counts(), uptime,
                    openMetrics);
            HttpText.respond(exchange, 200,
                    openMetrics ? MetricsText.OPENMETRICS_CONTENT_TYPE : MetricsText.PROMETHEUS_CONTENT_TYPE, body);
        } catch (RuntimeException e) {
            log.warn("metrics scrape failed", e);
            throw e;
        }
    }


}
