package io.tunstack.stack.wire;

/** IPv4 addresses as {@code int}s (a.b.c.d is {@code a<<24 | b<<16 | c<<8 | d}): parsing, formatting, classes. */
public final class Ipv4Address {

    private Ipv4Address() {
    }

    /**
     * Parses dotted-quad text.
     *
     * @throws IllegalArgumentException with a one-line message when the text is not four decimal octets
     */
    public static int parse(String text) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Formats as dotted quad. */
    public static String format(int address) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
