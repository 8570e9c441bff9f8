package io.tunstack.stack.ip;

import java.util.Objects;

/**
 * Upper-layer protocol number (IPv4 Protocol, IPv6 Next Header; the IANA "Assigned Internet Protocol Numbers") to its
 * {@link ProtocolHandler}: the one place that says which protocols a network layer delivers, so that ICMPv4, ICMPv6
 * and later UDP and TCP are peers. Numbers without a handler go to the fallback, which rejects them the family's way.
 * Immutable once built; a lookup is one array read.
 */
public final class ProtocolTable {

    private static final int PROTOCOLS = 256;

    private final ProtocolHandler[] handlers;

    private ProtocolTable(ProtocolHandler[] handlers) {
        this.handlers = handlers;
    }

    /** A table in which every protocol goes to {@code fallback} until registered otherwise. */
    public static Builder withFallback(ProtocolHandler fallback) {
        return new Builder(Objects.requireNonNull(fallback, "fallback"));
    }

    /** The handler of {@code protocol} (0..255), or the fallback. */
    public ProtocolHandler handler(int protocol) {
        return handlers[protocol & 0xFF];
    }

    public static final class Builder {
        private final ProtocolHandler[] handlers = new ProtocolHandler[PROTOCOLS];

        private Builder(ProtocolHandler fallback) {
            java.util.Arrays.fill(handlers, fallback);
        }

        /** Registers {@code handler} for {@code protocol}. */
        public Builder register(int protocol, ProtocolHandler handler) {
            if (protocol < 0 || protocol >= PROTOCOLS) {
                throw new IllegalArgumentException("protocol number: " + protocol + " (expected: 0..255)");
            }
            handlers[protocol] = Objects.requireNonNull(handler, "handler");
            return this;
        }

        public ProtocolTable build() {
            return new ProtocolTable(handlers.clone());
        }
    }
}
