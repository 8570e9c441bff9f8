package io.tunstack.stack.config;

import io.tunstack.stack.wire.IpProtocol;
import java.util.BitSet;
import java.util.Locale;

/**
 * The UDP and TCP ports that are open on every answered address, as {@code --open 22/tcp,80/tcp,53/udp,8000-8010/tcp}
 * gives them. A TCP port that is open completes handshakes; a UDP port that is open consumes datagrams. Every other
 * port is closed: TCP answers with a reset, UDP with Port Unreachable.
 *
 * <p>Immutable; a lookup is one bit test. Port 0 is reserved (RFC 6335 section 6) and cannot be opened.
 */
public final class OpenPorts {

    private static final int PORTS = 1 << 16;
    private static final OpenPorts NONE = new OpenPorts(new BitSet(), new BitSet());

    private final BitSet tcp;
    private final BitSet udp;

    private OpenPorts(BitSet tcp, BitSet udp) {
        this.tcp = tcp;
        this.udp = udp;
    }

    /** No port open: every segment gets a reset, every datagram Port Unreachable. */
    public static OpenPorts none() {
        return NONE;
    }

    /**
     * Parses {@code PORT/PROTO[,PORT/PROTO...]}, where PORT is a number or a range {@code FIRST-LAST} of 1..65535 and
     * PROTO is {@code tcp} or {@code udp} (in any case). Blank items are not allowed.
     *
     * @throws IllegalArgumentException naming the item that is not valid and why
     */
    public static OpenPorts parse(String text) {
        BitSet tcp = new BitSet(PORTS);
        BitSet udp = new BitSet(PORTS);
        for (String item : text.split(",", -1)) {
            String trimmed = item.trim();
            int slash = trimmed.indexOf('/');
            if (slash < 0) {
                throw new IllegalArgumentException("'" + trimmed + "' (expected: PORT/tcp or PORT/udp, e.g. 22/tcp)");
            }
            String protocol = trimmed.substring(slash + 1).toLowerCase(Locale.ROOT);
            BitSet ports;
            if (protocol.equals("tcp")) {
                ports = tcp;
            } else if (protocol.equals("udp")) {
                ports = udp;
            } else {
                throw new IllegalArgumentException("'" + trimmed + "': protocol '" + protocol
                        + "' (expected: tcp or udp)");
            }
            String range = trimmed.substring(0, slash);
            int dash = range.indexOf('-');
            int first = port(trimmed, dash < 0 ? range : range.substring(0, dash));
            int last = dash < 0 ? first : port(trimmed, range.substring(dash + 1));
            if (last < first) {
                throw new IllegalArgumentException("'" + trimmed + "': range ends before it starts");
            }
            ports.set(first, last + 1);
        }
        return new OpenPorts(tcp, udp);
    }

    private static int port(String item, String text) {
        int port;
        try {
            port = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + item + "': '" + text + "' is not a port number (expected: 1..65535)");
        }
        if (port < 1 || port >= PORTS) {
            throw new IllegalArgumentException("'" + item + "': port " + port + " (expected: 1..65535)");
        }
        return port;
    }

    /** Whether {@code port} is open for {@code protocol} ({@link IpProtocol#TCP} or {@link IpProtocol#UDP}). */
    public boolean isOpen(int protocol, int port) {
        if (protocol == IpProtocol.TCP) {
            return tcp.get(port);
        }
        return protocol == IpProtocol.UDP && udp.get(port);
    }

    /** Whether no port is open. */
    public boolean isEmpty() {
        return tcp.isEmpty() && udp.isEmpty();
    }

    /** The ports in the syntax {@link #parse} reads, ranges joined: {@code 22/tcp,80-81/tcp,53/udp}; "none" if empty. */
    @Override
    public String toString() {
        if (isEmpty()) {
            return "none";
        }
        StringBuilder text = new StringBuilder();
        append(text, tcp, "tcp");
        append(text, udp, "udp");
        return text.toString();
    }

    private static void append(StringBuilder text, BitSet ports, String protocol) {
        for (int first = ports.nextSetBit(0); first >= 0; first = ports.nextSetBit(first)) {
            int end = ports.nextClearBit(first);
            if (text.length() > 0) {
                text.append(',');
            }
            text.append(first);
            if (end - 1 > first) {
                text.append('-').append(end - 1);
            }
            text.append('/').append(protocol);
            first = end;
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OpenPorts ports && tcp.equals(ports.tcp) && udp.equals(ports.udp);
    }

    @Override
    public int hashCode() {
        return tcp.hashCode() * 31 + udp.hashCode();
    }
}
