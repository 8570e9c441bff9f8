package io.tunstack.app.hosts;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tunstack.app.observe.HttpText;
import io.tunstack.stack.address.IpRange;
import io.tunstack.stack.profile.HostProfile;
import io.tunstack.stack.profile.ProfileCounters.Effect;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control API ({@code --control [ADDR:]PORT}): lists the hosts and profiles and changes a host's profile while
 * tunstack runs, with the JDK's HTTP server on one daemon thread. A change takes effect from the next packet; answers
 * already held (delayed) leave as they were planned.
 *
 * <pre>
 * GET    /hosts              one line per range: RANGE TAB PROFILE TAB WORDS TAB ORIGIN
 * GET    /profiles           one line per profile: NAME TAB WORDS TAB EFFECT=COUNT ...
 * PUT    /hosts/ADDRS        body: profile words or a named profile; ADDRS in the --answer syntax
 * DELETE /hosts/ADDRS        the exact ranges lose their profile
 * </pre>
 *
 * <p>Listings are plain text unless the request says {@code Accept: application/json} (or {@code ?format=json}).
 * Errors are one line of text with status 400 (a bad address or word), 404 (no such path, or nothing to remove), 405
 * (a method the path does not take) or 401 (no or a wrong token).
 *
 * <p>Bound to a loopback address only, unless a token is set: every request must then carry
 * {@code Authorization: Bearer TOKEN}. (A token on the loopback address is checked too.)
 */
public final class ControlServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ControlServer.class);

    /** The largest request body read: profile words are a line. */
    static final int MAX_BODY = 4096;
    private static final String HOSTS = "/hosts";
    private static final String PROFILES = "/profiles";
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String JSON = "application/json";

    private final HttpServer server;
    private final ExecutorService executor;
    private final HostProfiles profiles;
    private final byte[] token;

    private ControlServer(HttpServer server, HostProfiles profiles, String token) {
        this.server = server;
        this.profiles = profiles;
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
        this.executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tunstack-control");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /**
     * Binds {@code address} and serves {@code profiles} at once.
     *
     * @param token the bearer token every request must carry, or {@code null} for none (loopback only)
     * @throws IllegalArgumentException when {@code address} is not a loopback address and there is no token
     * @throws IOException when the address cannot be bound, with the address named
     */
    public static ControlServer bind(InetSocketAddress address, HostProfiles profiles, String token)
            throws IOException {
        if (token == null && !address.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("--control " + HttpText.format(address) + " is not a loopback"
                    + " address: anyone who reaches it could change the hosts; give a token (--control-token-file FILE)");
        }
        HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new IOException("cannot serve the control API on " + HttpText.format(address) + ": "
                    + e.getMessage(), e);
        }
        ControlServer control = new ControlServer(server, profiles, token);
        server.start();
        log.info("control API on http://{}{}{}", HttpText.format(control.address()), HOSTS,
                token == null ? "" : " (requests need the token)");
        return control;
    }

    /** The bound address (with the real port when port 0 was asked for). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!authorized(exchange)) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                HttpText.respond(exchange, 401, TEXT, "unauthorized: send 'Authorization: Bearer TOKEN'\n");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            boolean json = wantsJson(exchange);
            if (path.equals(HOSTS) || path.equals(HOSTS + "/")) {
                if (allow(exchange, method, "GET")) {
                    HttpText.respond(exchange, 200, json ? JSON : TEXT, json ? hostsJson() : hostsText());
                }
            } else if (path.equals(PROFILES) || path.equals(PROFILES + "/")) {
                if (allow(exchange, method, "GET")) {
                    HttpText.respond(exchange, 200, json ? JSON : TEXT, json ? profilesJson() : profilesText());
                }
            } else if (path.startsWith(HOSTS + "/")) {
                String addresses = path.substring(HOSTS.length() + 1);
                if (method.equals("PUT")) {
                    put(exchange, addresses);
                } else if (method.equals("DELETE")) {
                    delete(exchange, addresses);
                } else {
                    exchange.getResponseHeaders().set("Allow", "PUT, DELETE");
                    HttpText.respond(exchange, 405, TEXT, "method not allowed: " + method
                            + " (expected: PUT or DELETE)\n");
                }
            } else {
                HttpText.respond(exchange, 404, TEXT, "not found: " + path + " (try " + HOSTS + ", " + PROFILES
                        + ", PUT or DELETE " + HOSTS + "/ADDRS)\n");
            }
        } catch (RuntimeException e) {
            log.warn("control API request failed", e);
            throw e;
        }
    }

    private void put(HttpExchange exchange, String addresses) throws IOException {
        String words = body(exchange);
        if (words == null) {
            HttpText.respond(exchange, 413, TEXT, "request body larger than " + MAX_BODY + " bytes\n");
            return;
        }
        HostAssignment assignment;
        try {
            assignment = HostAssignment.of(addresses, words, profiles.named());
        } catch (IllegalArgumentException e) {
            HttpText.respond(exchange, 400, TEXT, e.getMessage() + "\n");
            return;
        }
        profiles.set(assignment);
        log.info("control API: {} now {}", addresses, HostAssignment.describe(assignment.name(), assignment.profile()));
        HttpText.respond(exchange, 200, TEXT, assignment + "\n");
    }

    private void delete(HttpExchange exchange, String addresses) throws IOException {
        List<IpRange> ranges;
        try {
            ranges = HostAssignment.ranges(addresses);
        } catch (IllegalArgumentException e) {
            HttpText.respond(exchange, 400, TEXT, e.getMessage() + "\n");
            return;
        }
        int removed = profiles.remove(ranges);
        if (removed == 0) {
            HttpText.respond(exchange, 404, TEXT, "no profile set for " + addresses + "\n");
            return;
        }
        log.info("control API: {} has no profile of its own any more", addresses);
        HttpText.respond(exchange, 200, TEXT, "removed " + removed + "\n");
    }

    private boolean authorized(HttpExchange exchange) {
        if (token == null) {
            return true;
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        byte[] given = header.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8);
        // Compared in constant time: the time a comparison takes tells nothing about the token.
        return MessageDigest.isEqual(given, token);
    }

    private static boolean allow(HttpExchange exchange, String method, String allowed) throws IOException {
        if (method.equals(allowed) || method.equals("HEAD") && allowed.equals("GET")) {
            return true;
        }
        exchange.getResponseHeaders().set("Allow", allowed);
        HttpText.respond(exchange, 405, TEXT, "method not allowed: " + method + " (expected: " + allowed + ")\n");
        return false;
    }

    private static boolean wantsJson(HttpExchange exchange) {
        String query = exchange.getRequestURI().getQuery();
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        return query != null && query.contains("format=json") || accept != null && accept.contains(JSON);
    }

    /** The body as text, or {@code null} when it is larger than {@link #MAX_BODY}. */
    private static String body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            return bytes.length > MAX_BODY ? null : new String(bytes, StandardCharsets.UTF_8).trim();
        }
    }

    String hostsText() {
        StringBuilder text = new StringBuilder();
        for (HostProfiles.Host host : profiles.hosts()) {
            text.append(host.range()).append('\t').append(host.name()).append('\t').append(host.profile())
                    .append('\t').append(host.origin().label()).append('\n');
        }
        return text.toString();
    }

    String hostsJson() {
        StringJoiner hosts = new StringJoiner(",", "{\"hosts\":[", "]}\n");
        for (HostProfiles.Host host : profiles.hosts()) {
            hosts.add("{\"range\":" + quote(host.range().toString()) + ",\"profile\":" + quote(host.name())
                    + ",\"words\":" + quote(host.profile().toString()) + ",\"origin\":"
                    + quote(host.origin().label()) + "}");
        }
        return hosts.toString();
    }

    String profilesText() {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, long[]> profile : profiles.counts().entrySet()) {
            HostProfile words = profiles.profileNamed(profile.getKey());
            text.append(profile.getKey()).append('\t').append(words == null ? "" : words.toString());
            for (Effect effect : Effect.values()) {
                text.append('\t').append(effect.label()).append('=').append(profile.getValue()[effect.ordinal()]);
            }
            text.append('\n');
        }
        return text.toString();
    }

    String profilesJson() {
        StringJoiner list = new StringJoiner(",", "{\"profiles\":[", "]}\n");
        for (Map.Entry<String, long[]> profile : profiles.counts().entrySet()) {
            HostProfile words = profiles.profileNamed(profile.getKey());
            StringJoiner counts = new StringJoiner(",", "{", "}");
            for (Effect effect : Effect.values()) {
                counts.add(quote(effect.label()) + ":" + profile.getValue()[effect.ordinal()]);
            }
            list.add("{\"name\":" + quote(profile.getKey()) + ",\"words\":"
                    + (words == null ? "null" : quote(words.toString())) + ",\"counts\":" + counts + "}");
        }
        return list.toString();
    }

    /** A JSON string: quotes, backslashes and control characters escaped (RFC 8259 section 7). */
    static String quote(String text) {
        StringBuilder json = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }


}
