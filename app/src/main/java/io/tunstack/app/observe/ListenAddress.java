package io.tunstack.app.observe;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses {@code [ADDR:]PORT} for {@code --metrics}: {@code 9100} listens on the loopback address only,
 * {@code 0.0.0.0:9100} on every address, {@code [::1]:9100} on an IPv6 address.
 */
public final class ListenAddress implements ITypeConverter<InetSocketAddress> {

    private static final int MAX_PORT = 65_535;

    /** For picocli: the usage error is the one-line message of {@link #parse}. */
    @Override
    public InetSocketAddress convert(String value) {
        try {
            return parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException with a one-line message when the text is not {@code [ADDR:]PORT}
     */
    public static InetSocketAddress parse(String text) {
        int colon = text.lastIndexOf(':');
        String host = colon < 0 ? null : text.substring(0, colon);
        int port = port(text.substring(colon + 1), text);
        if (host == null) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("missing address before ':' in '" + text + "' (expected: [ADDR:]PORT)");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown address '" + host + "' in '" + text + "'", e);
        }
    }

    private static int port(String digits, String text) {
        try {
            int port = Integer.parseInt(digits);
            if (port >= 0 && port <= MAX_PORT) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                "bad port '" + digits + "' in '" + text + "' (expected: [ADDR:]PORT, PORT 0.." + MAX_PORT + ")");
    }
}
