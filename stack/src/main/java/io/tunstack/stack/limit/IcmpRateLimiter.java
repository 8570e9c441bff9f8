package io.tunstack.stack.limit;

import io.tunstack.stack.wire.Icmpv4Type;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The global limit on the ICMP messages tunstack sends, as Linux's {@code icmpv4_global_allow()}: a token bucket
 * ({@code net.ipv4.icmp_msgs_per_sec}, default 1000 per second, {@code net.ipv4.icmp_msgs_burst}, default 50) that
 * applies only to the types set in a rate mask ({@code net.ipv4.icmp_ratemask}, default 0x1818: Destination
 * Unreachable, Source Quench, Time Exceeded, Parameter Problem). So echo replies are not limited by default, and
 * neither is "fragmentation needed" (Linux: "Don't limit PMTU discovery.").
 *
 * <p>RFC 1812 4.3.2.8: "a router SHOULD limit the rate at which it generates ICMP error messages"; RFC 1122 3.2.2
 * leaves a host the choice, and Linux limits them.
 *
 * <p>The bucket starts full. As in Linux, it refills only when at least 20 ms (HZ/50) have passed since the last
 * refill, by {@code rate * elapsed} tokens with {@code elapsed} capped at one second, and never above the burst.
 * Linux charges a random 0..2 tokens per message (mean 1) since 5.10, to hide the bucket's state from off-path
 * attackers (CVE-2020-25705); this limiter charges exactly one, so that its behaviour is deterministic and testable.
 *
 * <p>Linux also limits errors per destination ({@code icmpv4_xrlim_allow()}: {@code net.ipv4.icmp_ratelimit}, one
 * per 1000 ms after a burst of 6, except on loopback); a {@link PerSourceRateLimiter} with 1 per second and a burst of
 * 6, keyed by the error's destination, does the same where that is wanted.
 *
 * <p>Time comes from an injected nanosecond clock ({@link System#nanoTime} in production). Single-threaded: one
 * instance per worker; it never allocates.
 */
public final class IcmpRateLimiter {

    /** Linux's default {@code icmp_msgs_per_sec}. */
    public static final int DEFAULT_MESSAGES_PER_SECOND = 1000;
    /** Linux's default {@code icmp_msgs_burst}. */
    public static final int DEFAULT_BURST = 50;
    /** Linux's default {@code icmp_ratemask}: bits 3, 4, 11 and 12. */
    public static final int DEFAULT_RATE_MASK = 1 << Icmpv4Type.DESTINATION_UNREACHABLE | 1 << Icmpv4Type.SOURCE_QUENCH
            | 1 << Icmpv4Type.TIME_EXCEEDED | 1 << Icmpv4Type.PARAMETER_PROBLEM;

    /** Linux refills the bucket at most every HZ/50 jiffies: 20 ms. */
    static final long MIN_REFILL_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long ONE_SECOND_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Destination Unreachable code 4, "fragmentation needed and DF set". */
    private static final int CODE_FRAGMENTATION_NEEDED = 4;
    /** The highest type the rate mask can name (Linux's NR_ICMP_TYPES); higher types are never limited. */
    private static final int HIGHEST_MASKABLE_TYPE = Icmpv4Type.ADDRESS_MASK_REPLY;

    private final int messagesPerSecond;
    private final int burst;
    private final int rateMask;
    private final LongSupplier nanoClock;
    private int tokens;
    private long lastRefillNanos;

    /** A limiter with Linux's defaults. */
    public IcmpRateLimiter(LongSupplier nanoClock) {
        this(DEFAULT_MESSAGES_PER_SECOND, DEFAULT_BURST, DEFAULT_RATE_MASK, nanoClock);
    }

    /**
     * @param messagesPerSecond tokens added per second, at least 1
     * @param burst the bucket's size, at least 1
     * @param rateMask bit {@code t} set limits ICMP type {@code t} (0..18)
     * @param nanoClock a monotonic clock in nanoseconds
     */
    public IcmpRateLimiter(int messagesPerSecond, int burst, int rateMask, LongSupplier nanoClock) {
        if (messagesPerSecond < 1) {
            throw new IllegalArgumentException("ICMP messages per second: " + messagesPerSecond + " (expected: 1+)");
        }
        if (burst < 1) {
            throw new IllegalArgumentException("ICMP burst: " + burst + " (expected: 1+)");
        }
        this.messagesPerSecond = messagesPerSecond;
        this.burst = burst;
        this.rateMask = rateMask;
        this.nanoClock = nanoClock;
        this.tokens = burst;
        this.lastRefillNanos = nanoClock.getAsLong();
    }

    /** Whether messages of this type and code are limited at all (Linux's {@code icmpv4_mask_allow()} inverted). */
    public boolean limits(int type, int code) {
        if (type < 0 || type > HIGHEST_MASKABLE_TYPE) {
            return false;
        }
        if (type == Icmpv4Type.DESTINATION_UNREACHABLE && code == CODE_FRAGMENTATION_NEEDED) {
            return false;
        }
        return (rateMask & 1 << type) != 0;
    }

    /**
     * Asks to send one ICMP message. Messages that are not {@linkplain #limits limited} are always allowed and take no
     * token; the others take one, or are refused when the bucket is empty. The caller counts a refusal
     * ({@code DropReason.RATE_LIMITED}).
     */
    public boolean tryAcquire(int type, int code) {
        if (!limits(type, code)) {
            return true;
        }
        return tryAcquire();
    }

    /**
     * Asks to send one message that is limited whatever its type: the ICMPv6 errors tunstack sends (destination
     * unreachable, time exceeded, parameter problem) are all in Linux's default icmpv6 ratemask, and draw from the same
     * global budget as ICMPv4's (icmp_global_allow()).
     */
    public boolean tryAcquire() {
        refill(nanoClock.getAsLong());
        if (tokens == 0) {
            return false;
        }
        tokens--;
        return true;
    }

    /** The tokens left, as of the last {@link #tryAcquire} (for tests and traces). */
    public int tokens() {
        return tokens;
    }

    private void refill(long now) {
        long elapsed = Math.min(now - lastRefillNanos, ONE_SECOND_NANOS);
        if (elapsed < MIN_REFILL_INTERVAL_NANOS) {
            return;
        }
        long added = messagesPerSecond * elapsed / ONE_SECOND_NANOS;
        if (added > 0) {
            tokens = (int) Math.min(tokens + added, burst);
            lastRefillNanos = now;
        }
    }
}
