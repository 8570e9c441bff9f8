package io.tunstack.stack.fragment;

import java.time.Duration;

/**
 * The bounds of one family's {@link Reassembler}: how many datagrams it reassembles at once, how much memory their
 * fragments may take, and how long it waits for a datagram's missing fragments. Linux keeps these per family too
 * ({@code net.ipv4.ipfrag_*} and {@code net.ipv6.ip6frag_*}).
 *
 * @param maxDatagrams the number of datagrams in reassembly at once; a fragment of one more datagram is dropped. Linux
 *     has no such count (it bounds memory only); tunstack adds it to bound its table as well.
 * @param maxBytesHeld the memory charged for held fragments (see {@link Reassembler#bytesHeld()}); a fragment that
 *     would exceed it is dropped. Linux {@code ipfrag_high_thresh} and {@code ip6frag_high_thresh}, 4 MiB each by
 *     default.
 * @param timeoutNanos how long after its first fragment a datagram may stay incomplete before all its fragments are
 *     dropped. Linux {@code ipfrag_time}, 30 s; {@code ip6frag_time}, 60 s (RFC 8200 4.5: "If insufficient fragments
 *     are received to complete reassembly of a packet within 60 seconds of the reception of the first-arriving
 *     fragment of that packet, reassembly of that packet must be abandoned"). RFC 1122 3.3.2 recommends 60 to 120 s
 *     for IPv4.
 */
public record ReassemblerLimits(int maxDatagrams, long maxBytesHeld, long timeoutNanos) {

    /** Linux {@code ipfrag_high_thresh} and {@code ip6frag_high_thresh}: 4 MiB. */
    public static final long LINUX_HIGH_THRESH = 4L * 1024 * 1024;

    /** Linux {@code ipfrag_time}: 30 s. */
    public static final Duration LINUX_IPFRAG_TIME = Duration.ofSeconds(30);

    /** Linux {@code ip6frag_time} and RFC 8200 section 4.5: 60 s. */
    public static final Duration LINUX_IP6FRAG_TIME = Duration.ofSeconds(60);

    /** The default count of datagrams in flight: far above what a ping responder meets, far below the memory bound. */
    public static final int DEFAULT_MAX_DATAGRAMS = 1024;

    public ReassemblerLimits {
        if (maxDatagrams < 1) {
            throw new IllegalArgumentException("maxDatagrams: " + maxDatagrams + " (expected: 1+)");
        }
        if (maxBytesHeld < 1) {
            throw new IllegalArgumentException("maxBytesHeld: " + maxBytesHeld + " (expected: 1+)");
        }
        if (timeoutNanos < 1) {
            throw new IllegalArgumentException("timeoutNanos: " + timeoutNanos + " (expected: 1+)");
        }
    }

    /** Linux's IPv4 defaults: 4 MiB held, 30 s timeout, and {@link #DEFAULT_MAX_DATAGRAMS} datagrams in flight. */
    public static ReassemblerLimits linuxIpv4() {
        return new ReassemblerLimits(DEFAULT_MAX_DATAGRAMS, LINUX_HIGH_THRESH, LINUX_IPFRAG_TIME.toNanos());
    }

    /** Linux's IPv6 defaults: 4 MiB held, 60 s timeout, and {@link #DEFAULT_MAX_DATAGRAMS} datagrams in flight. */
    public static ReassemblerLimits linuxIpv6() {
        return new ReassemblerLimits(DEFAULT_MAX_DATAGRAMS, LINUX_HIGH_THRESH, LINUX_IP6FRAG_TIME.toNanos());
    }
}
