package io.tunstack.stack;

import io.tunstack.stack.fragment.ReassemblerLimits;
import io.tunstack.stack.wire.Ipv4Address;
import java.util.Objects;

/**
 * How the stack answers: its own address and subnet, which addresses it answers for, and its policies. Immutable;
 * built with {@link #builder()}. Addresses are IPv4 addresses as {@code int}s in network order (a.b.c.d is
 * {@code a<<24 | b<<16 | c<<8 | d}), see {@link io.tunstack.stack.wire.Ipv4Address}.
 */
public final class StackConfig {

    /** The default link MTU, Ethernet's. */
    public static final int DEFAULT_MTU = 1500;
    /**
     * RFC 791: "Every internet module must be able to forward a datagram of 68 octets without further fragmentation."
     */
    public static final int MIN_MTU = 68;
    /** The largest IPv4 datagram. */
    public static final int MAX_MTU = 0xFFFF;
    /** Linux's default {@code net.ipv4.icmp_msgs_per_sec}: ICMP errors per second. */
    public static final int DEFAULT_ICMP_ERRORS_PER_SECOND = 1000;
    /** Linux's default {@code net.ipv4.icmp_msgs_burst}. */
    public static final int DEFAULT_ICMP_ERROR_BURST = 50;

    private final int ownAddress;
    private final int prefixLength;
    /** Derived from the two above once: the IPv4 layer compares every packet's addresses with it. */
    private final int subnetBroadcast;
    private final AddressSet answered;
    private final boolean answerBroadcast;
    private final int mtu;
    private final boolean acceptLoopbackSource;
    private final ReassemblerLimits reassemblyLimits;
    private final int icmpErrorsPerSecond;
    private final int icmpErrorBurst;
    private final RateLimit echoRateLimit;

    private StackConfig(Builder builder, AddressSet answered) {
        this.ownAddress = builder.ownAddress;
        this.prefixLength = builder.prefixLength;
        this.subnetBroadcast = Ipv4Address.subnetBroadcast(builder.ownAddress, builder.prefixLength);
        this.answered = answered;
        this.answerBroadcast = builder.answerBroadcast;
        this.mtu = builder.mtu;
        this.acceptLoopbackSource = builder.acceptLoopbackSource;
        this.reassemblyLimits = builder.reassemblyLimits;
        this.icmpErrorsPerSecond = builder.icmpErrorsPerSecond;
        this.icmpErrorBurst = builder.icmpErrorBurst;
        this.echoRateLimit = builder.echoRateLimit;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The device's own address (the kernel's side of the link); tunstack never answers for it. */
    public int ownAddress() {
        return ownAddress;
    }

    /** The prefix length of the device's subnet, 0..32. */
    public int prefixLength() {
        return prefixLength;
    }

    /** The subnet's directed broadcast address (all host bits one); 255.255.255.255 for /31 and /32. */
    public int subnetBroadcast() {
        return subnetBroadcast;
    }

    /** The addresses tunstack answers for. Default: the subnet's unicast addresses except {@link #ownAddress()}. */
    public AddressSet answered() {
        return answered;
    }

    /**
     * Whether echo and timestamp requests to a broadcast address are answered (Linux icmp_echo_ignore_broadcasts=0).
     * Default off.
     */
    public boolean answerBroadcast() {
        return answerBroadcast;
    }

    /** The link MTU: replies larger than this are fragmented. Default 1500. */
    public int mtu() {
        return mtu;
    }

    /**
     * Whether packets from 127.0.0.0/8 are answered. Default off: RFC 1122 3.2.1.3 (g) says a loopback address "MUST
     * NOT appear outside a host", and Linux drops such packets as martians unless {@code route_localnet=1}. Tests that
     * replay packets captured on {@code lo} turn it on.
     */
    public boolean acceptLoopbackSource() {
        return acceptLoopbackSource;
    }

    /**
     * The bounds on IPv4 fragment reassembly. Default: Linux's (4 MiB held, 30 s timeout), and 1024 datagrams at once.
     */
    public ReassemblerLimits reassemblyLimits() {
        return reassemblyLimits;
    }

    /**
     * The sustained rate of the ICMP errors tunstack originates (Parameter Problem...), per second. Default 1000, as
     * Linux's {@code icmp_msgs_per_sec}. Echo replies are not counted against it (Linux {@code icmp_ratemask}).
     */
    public int icmpErrorsPerSecond() {
        return icmpErrorsPerSecond;
    }

    /** How many ICMP errors may leave at once before the rate applies. Default 50, Linux's {@code icmp_msgs_burst}. */
    public int icmpErrorBurst() {
        return icmpErrorBurst;
    }

    /** The optional per-source limit on echo (and timestamp) replies, for flood protection; {@code null} when off. */
    public RateLimit echoRateLimit() {
        return echoRateLimit;
    }

    @Override
    public String toString() {
        return "StackConfig[own " + Ipv4Address.format(ownAddress) + "/" + prefixLength + ", answered " + answered
                + ", answerBroadcast " + answerBroadcast + ", mtu " + mtu
                + (acceptLoopbackSource ? ", acceptLoopbackSource" : "") + ", icmp errors " + icmpErrorsPerSecond
                + "/s burst " + icmpErrorBurst + (echoRateLimit == null ? "" : ", echo limit " + echoRateLimit) + "]";
    }

    /** Builds a {@link StackConfig}; {@link #ownAddress} is required, everything else has a default. */
    public static final class Builder {
        private int ownAddress;
        private boolean ownAddressSet;
        private int prefixLength = 24;
        private AddressSet answered;
        private boolean answerBroadcast;
        private int mtu = DEFAULT_MTU;
        private boolean acceptLoopbackSource;
        private ReassemblerLimits reassemblyLimits = ReassemblerLimits.linuxIpv4();
        private int icmpErrorsPerSecond = DEFAULT_ICMP_ERRORS_PER_SECOND;
        private int icmpErrorBurst = DEFAULT_ICMP_ERROR_BURST;
        private RateLimit echoRateLimit;

        private Builder() {
        }

        /** The device's own address. Required. */
        public Builder ownAddress(int address) {
            this.ownAddress = address;
            this.ownAddressSet = true;
            return this;
        }

        /** The subnet's prefix length, 0..32. Default 24. */
        public Builder prefixLength(int prefixLength) {
            this.prefixLength = prefixLength;
            return this;
        }

        /** Overrides the default answered set. The own address is removed from it: the kernel answers that one. */
        public Builder answered(AddressSet answered) {
            this.answered = answered;
            return this;
        }

        public Builder answerBroadcast(boolean answerBroadcast) {
            this.answerBroadcast = answerBroadcast;
            return this;
        }

        /** The link MTU, 68..65535. Default 1500. */
        public Builder mtu(int mtu) {
            this.mtu = mtu;
            return this;
        }

        /** Answers packets whose source is a loopback address (Linux {@code route_localnet=1}). Default off. */
        public Builder acceptLoopbackSource(boolean acceptLoopbackSource) {
            this.acceptLoopbackSource = acceptLoopbackSource;
            return this;
        }

        /** The bounds on IPv4 fragment reassembly. */
        public Builder reassemblyLimits(ReassemblerLimits reassemblyLimits) {
            this.reassemblyLimits = Objects.requireNonNull(reassemblyLimits, "reassemblyLimits");
            return this;
        }

        /**
         * The token bucket of the ICMP errors tunstack originates: {@code perSecond} sustained, {@code burst} at
         * once.
         */
        public Builder icmpErrorRate(int perSecond, int burst) {
            this.icmpErrorsPerSecond = perSecond;
            this.icmpErrorBurst = burst;
            return this;
        }

        /** Limits echo and timestamp replies per source; {@code null} (the default) for no limit. */
        public Builder echoRateLimit(RateLimit echoRateLimit) {
            this.echoRateLimit = echoRateLimit;
            return this;
        }

        /** @throws IllegalArgumentException with a one-line message when the settings contradict each other */
        public StackConfig build() {
            if (!ownAddressSet) {
                throw new IllegalArgumentException("own address not set (expected: the device's address)");
            }
            if (prefixLength < 0 || prefixLength > 32) {
                throw new IllegalArgumentException("prefix length: " + prefixLength + " (expected: 0..32)");
            }
            if (mtu < MIN_MTU || mtu > MAX_MTU) {
                throw new IllegalArgumentException("mtu: " + mtu + " (expected: " + MIN_MTU + ".." + MAX_MTU + ")");
            }
            if (icmpErrorsPerSecond < 1 || icmpErrorBurst < 1) {
                throw new IllegalArgumentException("ICMP error rate: " + icmpErrorsPerSecond + "/s burst "
                        + icmpErrorBurst + " (expected: 1+ each)");
            }
            AddressSet set = answered != null ? answered : defaultAnswered(ownAddress, prefixLength);
            return new StackConfig(this, set.without(ownAddress));
        }

        /**
         * The subnet's unicast addresses: every address but the network address (host bits zero) and the broadcast
         * (host bits one); /31 (RFC 3021) and /32 have neither.
         */
        private static AddressSet defaultAnswered(int ownAddress, int prefixLength) {
            int network = Ipv4Address.network(ownAddress, prefixLength);
            int last = network | ~Ipv4Address.netmask(prefixLength);
            if (prefixLength >= 31) {
                return AddressSet.ofRange(network, last);
            }
            return AddressSet.ofRange(network + 1, last - 1);
        }
    }

    /**
     * A token bucket: {@code perSecond} sustained, {@code burst} at once.
     *
     * @param perSecond the sustained rate, at least 1
     * @param burst how many may pass at once, at least 1
     */
    public record RateLimit(int perSecond, int burst) {
        public RateLimit {
            if (perSecond < 1 || burst < 1) {
                throw new IllegalArgumentException("rate limit: " + perSecond + "/s burst " + burst
                        + " (expected: 1+ each)");
            }
        }

        @Override
        public String toString() {
            return perSecond + "/s burst " + burst;
        }
    }
}
