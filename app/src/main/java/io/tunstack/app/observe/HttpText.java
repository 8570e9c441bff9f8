package io.tunstack.app.observe;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** What tunstack's HTTP listeners ({@code --metrics}, {@code --control}) share: a whole answer, and addresses. */
public final class HttpText {

    private HttpText() {
    }

    /**
     * Sends {@code body} with {@code status} and {@code contentType} in one go, its length known; a {@code HEAD} gets
     * the headers only (RFC 9110 9.3.2).
     */
    public static void respond(HttpExchange exchange, int status, String contentType, String body)
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

    /** {@code 127.0.0.1:9464}, {@code [::1]:9464}: an address as a URL's authority writes it. */
    public static String format(InetSocketAddress address) {
        String host = address.isUnresolved() ? address.getHostString() : address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
