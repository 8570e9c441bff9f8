package io.tunstack.app.observe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
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
 */
public final class MetricsServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);
    private static final String PATH = "/metrics";

    private final HttpServer server;
    private final ExecutorService executor;
    private final LongSupplier nanoTime;
    private final long startNanos;
    /** Null until {@link #start}; guarded by this. */
    private CounterSource counters;
    private boolean started;

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
     * Binds {@code address}, so that a port in use is a startup error; serving waits for {@link #start}.
     *
     * @throws IOException when the address cannot be bound (in use, not local), with the address named
     */
    public static MetricsServer bind(InetSocketAddress address) throws IOException {
        try {
            return new MetricsServer(HttpServer.create(address, 0), System::nanoTime);
        } catch (IOException e) {
            throw new IOException("cannot serve metrics on " + format(address) + ": " + e.getMessage(), e);
        }
    }

    /** Starts serving {@code counters}. Uptime counts from {@link #bind}. */
    public synchronized void start(CounterSource counters) {
        this.counters = counters;
        started = true;
        server.start();
        log.info("serving metrics on http://{}{}", format(address()), PATH);
    }

    /** The bound address (with the real port when port 0 was asked for). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Stops serving at once and frees the port. */
    @Override
    public synchronized void close() {
        if (!started) {
            // A server that never ran keeps its socket open through stop(): only its dispatcher closes it.
            started = true;
            server.start();
        }
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!PATH.equals(exchange.getRequestURI().getPath())) {
                respond(exchange, 404, "text/plain; charset=utf-8", "not found: try " + PATH + "\n");
                return;
            }
            String method = exchange.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                respond(exchange, 405, "text/plain; charset=utf-8", "method not allowed: " + method + "\n");
                return;
            }
            CounterSource source;
            synchronized (this) {
                source = counters;
            }
            if (source == null) {
                respond(exchange, 503, "text/plain; charset=utf-8", "not ready: the device is being set up\n");
                return;
            }
            String accept = exchange.getRequestHeaders().getFirst("Accept");
            boolean openMetrics = accept != null && accept.contains("application/openmetrics-text");
            Duration uptime = Duration.ofNanos(nanoTime.getAsLong() - startNanos);
            String body = MetricsText.render(CounterSnapshot.of(source), uptime, openMetrics);
            respond(exchange, 200,
                    openMetrics ? MetricsText.OPENMETRICS_CONTENT_TYPE : MetricsText.PROMETHEUS_CONTENT_TYPE, body);
        } catch (RuntimeException e) {
            log.warn("metrics scrape failed", e);
            throw e;
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static String format(InetSocketAddress address) {
        String host = address.isUnresolved() ? address.getHostString() : address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
