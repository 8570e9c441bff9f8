package io.tunstack.stack.ipv4;

import java.time.Duration;

/**
 * The bounds of a {@link Reassembler}: how many datagrams it reassembles at once, how much memory their fragments may
 * take, and how long it waits for a datagram's missing fragments.
 *
 * @param maxDatagrams the number of datagrams in reassembly at once; a fragment of one more datagram is dropped. Linux
 *     has no such count (it bounds memory only); tunstack adds it to bound its map as well.
 * @param maxBytesHeld the memory charged for held fragments (see {@link Reassembler#bytesHeld()}); a fragment that
 *     would exceed it is dropped. Linux {@code net.ipv4.ipfrag_high_thresh}, 4 MiB by default.
 * @param timeoutNanos how long after its first fragment a datagram may stay incomplete before all its fragments are
 *     dropped. Linux {@code net.ipv4.ipfrag_time}, 30 s by default; RFC 1122 3.3.2 recommends 60 to 120 s.
 */
public record ReassemblerLimits(int maxDatagrams, long maxBytesHeld, long timeoutNanos) {

    /** Linux {@code ipfrag_high_thresh}: 4 MiB. */
    public static final long LINUX_HIGH_THRESH = 4L * 1024 * 1024;

    /** Linux {@code ipfrag_time}: 30 s. */
    public static final Duration LINUX_IPFRAG_TIME = Duration.ofSeconds(30);

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

    /** Linux's defaults: 4 MiB held, 30 s timeout, and {@link #DEFAULT_MAX_DATAGRAMS} datagrams in flight. */
    public static ReassemblerLimits linuxDefaults() {
        return new ReassemblerLimits(DEFAULT_MAX_DATAGRAMS, LINUX_HIGH_THRESH, LINUX_IPFRAG_TIME.toNanos());
    }
}
