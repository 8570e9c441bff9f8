package io.tunstack.stack;

/**
 * How the stack answers: its own address and subnet, which addresses it answers for, and its policies. Immutable;
 * built with {@link #builder()}. Addresses are IPv4 addresses as {@code int}s in network order (a.b.c.d is
 * {@code a<<24 | b<<16 | c<<8 | d}), see {@link io.tunstack.stack.wire.Ipv4Address}.
 */
public final class StackConfig {

    public static Builder builder() {
        return new Builder();
    }

    /** The device's own address (the kernel's side of the link); tunstack never answers for it. */
    public int ownAddress() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** The prefix length of the device's subnet, 0..32. */
    public int prefixLength() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** The addresses tunstack answers for. Default: the subnet's unicast addresses except {@link #ownAddress()}. */
    public AddressSet answered() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Whether echo requests to the subnet broadcast are answered (Linux icmp_echo_ignore_broadcasts=0). Default off. */
    public boolean answerBroadcast() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** The link MTU: replies larger than this are fragmented. Default 1500. */
    public int mtu() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public static final class Builder {
        public Builder ownAddress(int address) {
            throw new UnsupportedOperationException("not implemented yet");
        }

        public Builder prefixLength(int prefixLength) {
            throw new UnsupportedOperationException("not implemented yet");
        }

        /** Overrides the default answered set. */
        public Builder answered(AddressSet answered) {
            throw new UnsupportedOperationException("not implemented yet");
        }

        public Builder answerBroadcast(boolean answerBroadcast) {
            throw new UnsupportedOperationException("not implemented yet");
        }

        public Builder mtu(int mtu) {
            throw new UnsupportedOperationException("not implemented yet");
        }

        /** @throws IllegalArgumentException with a one-line message when the settings contradict each other */
        public StackConfig build() {
            throw new UnsupportedOperationException("not implemented yet");
        }
    }
}
