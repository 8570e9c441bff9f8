package io.tunstack.stack.config;

import io.tunstack.stack.address.AddressSet;
import io.tunstack.stack.address.IpFamily;
import io.tunstack.stack.address.InterfaceAddress;
import io.tunstack.stack.fragment.ReassemblerLimits;
import io.tunstack.stack.limit.IcmpRateLimiter;
import io.tunstack.stack.profile.ProfileSource;
import java.util.Objects;

/**
 * How the stack answers: the device's own address in each family it runs (IPv4, IPv6 or both), which addresses it
 * answers for, and its policies. Immutable; built with {@link #builder()}. The one owner of the defaults and bounds
 * that the command line, the stack and the ready line share.
 */
public final class StackConfig {

    /** The default link MTU, Ethernet's. */
    public static final int DEFAULT_MTU = 1500;
    /**
     * RFC 791: "Every internet module must be able to forward a datagram of 68 octets without further fragmentation."
     */
    public static final int MIN_MTU = 68;
    /**
     * RFC 8200 section 5: "IPv6 requires that every link in the Internet have an MTU of 1280 octets or greater." Linux
     * disables IPv6 on a device with a smaller MTU.
     */
    public static final int IPV6_MIN_MTU = 1280;
    /** The largest IPv4 datagram. */
    public static final int MAX_MTU = 0xFFFF;
    /**
     * The TTL (IPv4) and Hop Limit (IPv6) of what tunstack sends: Linux's defaults, {@code net.ipv4.ip_default_ttl}
     * and {@code net.ipv6.conf.*.hop_limit}, both 64.
     */
    public static final int DEFAULT_HOP_LIMIT = 64;
    /** Linux {@code icmp_ratelimit} and IPv6 {@code icmp/ratelimit}: one error per peer a second, after a burst. */
    public static final int DEFAULT_ICMP_PEER_INTERVAL_MILLIS = 1000;
    /** Linux {@code XRLIM_BURST_FACTOR}: a peer may get this many ICMP errors at once. */
    public static final int ICMP_PEER_BURST = 6;
    /** See {@link #tcpConnections()}. */
    public static final int DEFAULT_TCP_CONNECTIONS = 4096;

    private final InterfaceAddress ipv4;
    private final InterfaceAddress ipv6;
    private final AddressSet answered;
    private final boolean answerBroadcast;
    private final boolean answerMulticast;
    private final int mtu;
    private final boolean acceptLoopbackSource;
    private final ReassemblerLimits ipv4ReassemblyLimits;
    private final ReassemblerLimits ipv6ReassemblyLimits;
    private final int icmpErrorsPerSecond;
    private final int icmpErrorBurst;
    private final RateLimit echoRateLimit;
    private final int icmpPeerIntervalMillis;
    private final OpenPorts openPorts;
    private final int tcpConnections;
    private final ProfileSource profiles;
    private final Long seed;

    private StackConfig(Builder builder, AddressSet answered) {
        this.ipv4 = builder.ipv4;
        this.ipv6 = builder.ipv6;
        this.answered = answered;
        this.answerBroadcast = builder.answerBroadcast;
        this.answerMulticast = builder.answerMulticast;
        this.mtu = builder.mtu;
        this.acceptLoopbackSource = builder.acceptLoopbackSource;
        this.ipv4ReassemblyLimits = builder.ipv4ReassemblyLimits;
        this.ipv6ReassemblyLimits = builder.ipv6ReassemblyLimits;
        this.icmpErrorsPerSecond = builder.icmpErrorsPerSecond;
        this.icmpErrorBurst = builder.icmpErrorBurst;
        this.echoRateLimit = builder.echoRateLimit;
        this.icmpPeerIntervalMillis = builder.icmpPeerIntervalMillis;
        this.openPorts = builder.openPorts;
        this.tcpConnections = builder.tcpConnections;
        this.profiles = builder.profiles;
        this.seed = builder.seed;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The device's IPv4 address and prefix, or {@code null} when the stack runs IPv6 only. */
    public InterfaceAddress ipv4() {
        return ipv4;
    }

    /** The device's IPv6 address and prefix, or {@code null} when the stack runs IPv4 only. */
    public InterfaceAddress ipv6() {
        return ipv6;
    }

    /** Whether the stack runs {@code family}: the device has an address of it. */
    public boolean runs(IpFamily family) {
        return (family == IpFamily.IPV4 ? ipv4 : ipv6) != null;
    }

    /**
     * The destinations this stack answers for, in both families: by default every host address of each configured
     * prefix but the device's own (which the kernel answers).
     */
    public AddressSet answered() {
        return answered;
    }

    /** Whether echo and timestamp requests to an IPv4 broadcast address are answered (Linux: icmp_echo_ignore_broadcasts=0). */
    public boolean answerBroadcast() {
        return answerBroadcast;
    }

    /** Whether ICMPv6 echo requests to a multicast address are answered (Linux: icmpv6 echo_ignore_multicast=0). */
    public boolean answerMulticast() {
        return answerMulticast;
    }

    public int mtu() {
        return mtu;
    }

    /** Whether IPv4 sources in 127.0.0.0/8 are accepted (only for replaying captures taken on {@code lo}). */
    public boolean acceptLoopbackSource() {
        return acceptLoopbackSource;
    }

    /** The bounds of reassembly in {@code family}: Linux's ipfrag_* or ip6frag_* defaults unless set. */
    public ReassemblerLimits reassemblyLimits(IpFamily family) {
        return family == IpFamily.IPV4 ? ipv4ReassemblyLimits : ipv6ReassemblyLimits;
    }

    /** ICMP errors per second (Linux {@code icmp_msgs_per_sec}), shared by both families as in Linux. */
    public int icmpErrorsPerSecond() {
        return icmpErrorsPerSecond;
    }

    /** The burst of the ICMP error token bucket (Linux {@code icmp_msgs_burst}). */
    public int icmpErrorBurst() {
        return icmpErrorBurst;
    }

    /** The optional per-source limit on echo replies, or {@code null}. */
    public RateLimit echoRateLimit() {
        return echoRateLimit;
    }

    /**
     * The interval at which each peer earns one ICMP error (Linux {@code icmp_ratelimit}, and IPv6's
     * {@code icmp/ratelimit}: 1000 ms), after a burst of {@link #ICMP_PEER_BURST}; 0 turns the per-peer limit off.
     */
    public int icmpPeerIntervalMillis() {
        return icmpPeerIntervalMillis;
    }

    /** The UDP and TCP ports open on every answered address; every other port is closed. */
    public OpenPorts openPorts() {
        return openPorts;
    }

    /**
     * How many TCP connections to open ports are tracked at once (handshakes and closes in progress); beyond it,
     * handshakes use SYN cookies and closes are not retransmitted. Linux's default listen backlog bound,
     * {@code somaxconn}, is 4096 too.
     */
    public int tcpConnections() {
        return tcpConnections;
    }

    /** Where the stack finds the hosts' profiles, asked once per packet; {@link ProfileSource#NONE} by default. */
    public ProfileSource profiles() {
        return profiles;
    }

    /**
     * The seed of the random choices profiles make (loss, duplicates, jitter), so that a run can be repeated; {@code
     * null} for a seed drawn at start-up.
     */
    public Long seed() {
        return seed;
    }

    @Override
    public String toString() {
        return "StackConfig[" + (ipv4 == null ? "" : "own " + ipv4 + ", ") + (ipv6 == null ? "" : "own " + ipv6 + ", ")
                + "answered " + answered + ", answerBroadcast " + answerBroadcast + ", answerMulticast "
                + answerMulticast + ", mtu " + mtu + (acceptLoopbackSource ? ", acceptLoopbackSource" : "")
                + ", icmp errors " + icmpErrorsPerSecond + "/s burst " + icmpErrorBurst + ", per peer every "
                + icmpPeerIntervalMillis + " ms, open " + openPorts
                + (echoRateLimit == null ? "" : ", echo limit " + echoRateLimit) + "]";
    }

    public static final class Builder {
        private InterfaceAddress ipv4;
        private InterfaceAddress ipv6;
        private AddressSet answered;
        private boolean answerBroadcast;
        private boolean answerMulticast;
        private int mtu = DEFAULT_MTU;
        private boolean acceptLoopbackSource;
        private ReassemblerLimits ipv4ReassemblyLimits = ReassemblerLimits.linuxIpv4();
        private ReassemblerLimits ipv6ReassemblyLimits = ReassemblerLimits.linuxIpv6();
        private int icmpErrorsPerSecond = IcmpRateLimiter.DEFAULT_MESSAGES_PER_SECOND;
        private int icmpErrorBurst = IcmpRateLimiter.DEFAULT_BURST;
        private RateLimit echoRateLimit;
        private int icmpPeerIntervalMillis = DEFAULT_ICMP_PEER_INTERVAL_MILLIS;
        private OpenPorts openPorts = OpenPorts.none();
        private int tcpConnections = DEFAULT_TCP_CONNECTIONS;
        private ProfileSource profiles = ProfileSource.NONE;
        private Long seed;

        private Builder() {
        }

        /** The device's own address in its family (replacing an earlier one of the same family). */
        public Builder address(InterfaceAddress address) {
            if (address.family() == IpFamily.IPV4) {
                this.ipv4 = address;
            } else {
                this.ipv6 = address;
            }
            return this;
        }

        /** The destinations to answer for; by default every host address of the configured prefixes. */
        public Builder answered(AddressSet answered) {
            this.answered = answered;
            return this;
        }

        public Builder answerBroadcast(boolean answerBroadcast) {
            this.answerBroadcast = answerBroadcast;
            return this;
        }

        public Builder answerMulticast(boolean answerMulticast) {
            this.answerMulticast = answerMulticast;
            return this;
        }

        public Builder mtu(int mtu) {
            this.mtu = mtu;
            return this;
        }

        public Builder acceptLoopbackSource(boolean acceptLoopbackSource) {
            this.acceptLoopbackSource = acceptLoopbackSource;
            return this;
        }

        public Builder reassemblyLimits(IpFamily family, ReassemblerLimits limits) {
            Objects.requireNonNull(limits, "limits");
            if (family == IpFamily.IPV4) {
                this.ipv4ReassemblyLimits = limits;
            } else {
                this.ipv6ReassemblyLimits = limits;
            }
            return this;
        }

        public Builder icmpErrorRate(int perSecond, int burst) {
            this.icmpErrorsPerSecond = perSecond;
            this.icmpErrorBurst = burst;
            return this;
        }

        public Builder echoRateLimit(RateLimit echoRateLimit) {
            this.echoRateLimit = echoRateLimit;
            return this;
        }

        /** See {@link StackConfig#icmpPeerIntervalMillis()}; 0 turns the per-peer limit off. */
        public Builder icmpPeerIntervalMillis(int intervalMillis) {
            this.icmpPeerIntervalMillis = intervalMillis;
            return this;
        }

        public Builder openPorts(OpenPorts openPorts) {
            this.openPorts = Objects.requireNonNull(openPorts, "openPorts");
            return this;
        }

        public Builder tcpConnections(int tcpConnections) {
            this.tcpConnections = tcpConnections;
            return this;
        }

        public Builder profiles(ProfileSource profiles) {
            this.profiles = Objects.requireNonNull(profiles, "profiles");
            return this;
        }

        /** See {@link StackConfig#seed()}; {@code null} draws one at start-up. */
        public Builder seed(Long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @throws IllegalArgumentException when no address is set, the MTU is out of bounds (below 1280 with IPv6), or
         *     a rate is not positive
         */
        public StackConfig build() {
            if (ipv4 == null && ipv6 == null) {
                throw new IllegalArgumentException("no address set (expected: the device's IPv4 or IPv6 address)");
            }
            int minMtu = ipv6 != null ? IPV6_MIN_MTU : MIN_MTU;
            if (mtu < minMtu || mtu > MAX_MTU) {
                throw new IllegalArgumentException("mtu: " + mtu + " (expected: " + minMtu + ".." + MAX_MTU
                        + (ipv6 != null ? ", IPv6 needs 1280+" : "") + ")");
            }
            if (icmpErrorsPerSecond < 1 || icmpErrorBurst < 1) {
                throw new IllegalArgumentException("ICMP error rate: " + icmpErrorsPerSecond + "/s burst "
                        + icmpErrorBurst + " (expected: 1+ each)");
            }
            if (icmpPeerIntervalMillis < 0) {
                throw new IllegalArgumentException("ICMP per-peer interval: " + icmpPeerIntervalMillis
                        + " ms (expected: 0+, 0 for no per-peer limit)");
            }
            if (tcpConnections < 1) {
                throw new IllegalArgumentException("TCP connections: " + tcpConnections + " (expected: 1+)");
            }
            AddressSet set = answered;
            if (set == null) {
                set = AddressSet.empty();
                for (InterfaceAddress own : new InterfaceAddress[] {ipv4, ipv6}) {
                    if (own != null) {
                        set = set.union(own.hosts());
                    }
                }
            }
            if (ipv4 != null) {
                set = set.without(ipv4.address());
            }
            if (ipv6 != null) {
                set = set.without(ipv6.address());
            }
            return new StackConfig(this, set);
        }
    }

    /** A token bucket's rate and burst, as the command line gives them ({@code 100/20}). */
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
