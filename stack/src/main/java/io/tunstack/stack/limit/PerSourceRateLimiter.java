package io.tunstack.stack.limit;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * An optional limit on the answers each source address gets (for example echo replies, against a ping flood), kept
 * in a table of bounded size.
 *
 * <p>Each source has the token bucket of Linux's {@code inet_peer_xrlim_allow()} (which limits ICMP errors per
 * destination): the tokens are time. Time passing adds to them, up to {@code burst} intervals; an answer costs one
 * {@code interval}. So a source gets {@code burst} answers at once and then one per {@code interval}.
 *
 * <p>The table never grows: {@code capacity} slots, a source hashed to a short run of {@value #PROBES} slots. A source
 * not in the table takes a free slot of its run, or else the run's least recently seen slot (whose bucket has most
 * likely refilled, so that forgetting it loses nothing). A source that loses its slot starts again with a full bucket:
 * under a flood from more sources than the table holds, the limit gets looser, never stricter, and the memory stays
 * bounded.
 *
 * <p>Time comes from an injected nanosecond clock ({@link System#nanoTime} in production). Single-threaded: one
 * instance per worker; {@link #tryAcquire} never allocates.
 */
public final class PerSourceRateLimiter {

    /** How many consecutive slots a source may occupy. */
    static final int PROBES = 8;

    private final long intervalNanos;
    private final long bucketNanos;
    private final LongSupplier nanoClock;
    private final int mask;
    private final long[] sourceHighs;
    private final long[] sourceLows;
    private final long[] tokensNanos;
    private final long[] lastSeenNanos;
    private final boolean[] used;

    /**
     * @param capacity the number of sources remembered, a power of two of at least {@value #PROBES}
     * @param answersPerSecond the sustained rate per source, at least 1
     * @param burst the answers a source may get at once, at least 1
     * @param nanoClock a monotonic clock in nanoseconds
     */
    public PerSourceRateLimiter(int capacity, int answersPerSecond, int burst, LongSupplier nanoClock) {
        this(capacity, perSecondToInterval(answersPerSecond), burst, nanoClock);
    }

    /**
     * A limiter whose sources earn one answer every {@code intervalNanos}, after a burst of {@code burst} (Linux's
     * ICMP error limit per peer is {@code icmp_ratelimit} = 1 s with a burst of 6).
     *
     * @param intervalNanos the time a source waits for each answer beyond its burst, at least 1
     */
    public static PerSourceRateLimiter everyInterval(int capacity, long intervalNanos, int burst,
            LongSupplier nanoClock) {
        if (intervalNanos < 1) {
            throw new IllegalArgumentException("interval: " + intervalNanos + " ns (expected: 1+)");
        }
        return new PerSourceRateLimiter(capacity, intervalNanos, burst, nanoClock);
    }

    private static long perSecondToInterval(int answersPerSecond) {
        if (answersPerSecond < 1) {
            throw new IllegalArgumentException("answers per second: " + answersPerSecond + " (expected: 1+)");
        }
        return TimeUnit.SECONDS.toNanos(1) / answersPerSecond;
    }

    private PerSourceRateLimiter(int capacity, long intervalNanos, int burst, LongSupplier nanoClock) {
        if (capacity < PROBES || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException(
                    "per-source table capacity: " + capacity + " (expected: a power of two, " + PROBES + "+)");
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst: " + burst + " (expected: 1+)");
        }
        this.intervalNanos = intervalNanos;
        this.bucketNanos = intervalNanos * burst;
        this.nanoClock = nanoClock;
        this.mask = capacity - 1;
        this.sourceHighs = new long[capacity];
        this.sourceLows = new long[capacity];
        this.tokensNanos = new long[capacity];
        this.lastSeenNanos = new long[capacity];
        this.used = new boolean[capacity];
    }

    /**
     * Asks to answer the source {@code high}:{@code low} once (an IPv4 address in the low 32 bits, high 0).
     *
     * @return {@code true} when the answer may be sent; {@code false} when the source has used up its bucket (the
     *     caller counts {@code DropReason.RATE_LIMITED})
     */
    public boolean tryAcquire(long high, long low) {
        long now = nanoClock.getAsLong();
        int slot = slotFor(high, low);
        long tokens;
        if (used[slot] && sourceHighs[slot] == high && sourceLows[slot] == low) {
            tokens = Math.min(tokensNanos[slot] + Math.max(0, now - lastSeenNanos[slot]), bucketNanos);
        } else {
            used[slot] = true;
            sourceHighs[slot] = high;
            sourceLows[slot] = low;
            tokens = bucketNanos;
        }
        lastSeenNanos[slot] = now;
        boolean allowed = tokens >= intervalNanos;
        tokensNanos[slot] = allowed ? tokens - intervalNanos : tokens;
        return allowed;
    }

    /** The slot that holds {@code source}, or the one it should take: the first free, else the least recently seen. */
    private int slotFor(long high, long low) {
        int first = hash(high, low) & mask;
        int free = -1;
        int leastRecentlySeen = -1;
        for (int i = 0; i < PROBES; i++) {
            int slot = (first + i) & mask;
            if (!used[slot]) {
                if (free < 0) {
                    free = slot;
                }
            } else if (sourceHighs[slot] == high && sourceLows[slot] == low) {
                return slot;
            } else if (leastRecentlySeen < 0 || lastSeenNanos[slot] - lastSeenNanos[leastRecentlySeen] < 0) {
                leastRecentlySeen = slot;
            }
        }
        return free >= 0 ? free : leastRecentlySeen;
    }

    /**
     * Spreads addresses that differ in their low bits only (hosts of one subnet) over the table: the two halves folded
     * into one long, then a Fibonacci hash.
     */
    private static int hash(long high, long low) {
        long h = (low ^ high * 0x9E3779B97F4A7C15L) * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
