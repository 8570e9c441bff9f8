package io.tunstack.stack.link;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * IP address to MAC address of the link's neighbours, both families, learned from the frames received (RFC 826's
 * translation table, RFC 4861's Neighbor Cache): bounded, aged, and looked up without allocating.
 *
 * <p>Layout: a set-associative table of fixed arrays, allocated once. An address hashes to one set of {@value #WAYS}
 * entries; a lookup compares at most those; a new address takes a free or expired entry of its set, else the one heard
 * from least recently. So memory stays fixed whatever a flood of spoofed sources does, and a lookup costs the same
 * with one neighbour or a thousand.
 *
 * <p>Age: an entry is used for {@link #LIFETIME_NANOS} after the neighbour was last heard from, then forgotten, so
 * that the next packet to it resolves it again. (Linux uses an entry while REACHABLE, 15..45 s, and then while STALE
 * with unicast probes until {@code neigh_periodic_work} collects it unused after {@code gc_stale_time}, 60 s;
 * tunstack sends no unicast probes, so it keeps an entry for those 60 s after the last frame from it.)
 *
 * <p>The time is the monotonic clock given at construction, read when an entry is learned or looked up, so tests age
 * entries with a manual clock. Single-threaded.
 */
public final class NeighbourCache {

    /** What a lookup returns for an address without a live entry (a MAC has 48 bits, so no MAC is negative). */
    public static final long UNKNOWN = -1;
    /** Linux's {@code gc_thresh3}: the most neighbour entries of a table, 1024. */
    public static final int DEFAULT_CAPACITY = 1024;
    /** How long an entry is used after its neighbour was last heard from: Linux's {@code gc_stale_time}, 60 s. */
    public static final long LIFETIME_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** Entries per set: an address may sit in any of the {@value} entries of its set. */
    static final int WAYS = 4;

    private static final byte EMPTY = 0;
    private static final byte IPV4 = 4;
    private static final byte IPV6 = 6;

    private final LongSupplier nanoClock;
    private final int setShift;
    private final byte[] families;
    private final long[] highs;
    private final long[] lows;
    private final long[] macs;
    /** When each entry's neighbour was last heard from. */
    private final long[] heard;

    /** A cache of {@link #DEFAULT_CAPACITY} entries. */
    public NeighbourCache(LongSupplier nanoClock) {
        this(DEFAULT_CAPACITY, nanoClock);
    }

    /**
     * A cache of at least {@code capacity} entries (rounded up to a power of two, at least {@value #WAYS}).
     *
     * @param nanoClock a monotonic clock in nanoseconds, {@link System#nanoTime()} in production
     */
    public NeighbourCache(int capacity, LongSupplier nanoClock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("neighbour cache capacity " + capacity + " (expected: 1+)");
        }
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        int wanted = (capacity + WAYS - 1) / WAYS;
        int sets = Integer.highestOneBit(wanted) < wanted ? Integer.highestOneBit(wanted) << 1 : wanted;
        this.setShift = Long.SIZE - Integer.numberOfTrailingZeros(sets);
        int entries = sets * WAYS;
        this.families = new byte[entries];
        this.highs = new long[entries];
        this.lows = new long[entries];
        this.macs = new long[entries];
        this.heard = new long[entries];
    }

    /** How many entries the cache has room for. */
    public int capacity() {
        return families.length;
    }

    /** The MAC of the IPv4 neighbour {@code address}, or {@link #UNKNOWN}. */
    public long lookupIpv4(int address) {
        return lookup(IPV4, 0, Integer.toUnsignedLong(address));
    }

    /** The MAC of the IPv6 neighbour {@code high}:{@code low}, or {@link #UNKNOWN}. */
    public long lookupIpv6(long high, long low) {
        return lookup(IPV6, high, low);
    }

    /** Creates or refreshes the entry of the IPv4 neighbour {@code address}: it has {@code mac}, as of now. */
    public void learnIpv4(int address, long mac) {
        learn(IPV4, 0, Integer.toUnsignedLong(address), mac);
    }

    /** Creates or refreshes the entry of the IPv6 neighbour {@code high}:{@code low}. */
    public void learnIpv6(long high, long low, long mac) {
        learn(IPV6, high, low, mac);
    }

    /**
     * Refreshes the entry of the IPv4 neighbour {@code address} with {@code mac} if it has a live one (RFC 826: "If the
     * pair &lt;protocol type, sender protocol address&gt; is already in my translation table, update the sender
     * hardware address field of the entry with the new information in the packet and set Merge_flag to true").
     *
     * @return whether it had one: RFC 826's Merge_flag
     */
    public boolean updateIpv4(int address, long mac) {
        return update(IPV4, 0, Integer.toUnsignedLong(address), mac);
    }

    /**
     * Refreshes the entry of the IPv6 neighbour if it has a live one (RFC 4861 7.2.5: an advertisement for a target
     * without an entry is discarded).
     *
     * @return whether it had one
     */
    public boolean updateIpv6(long high, long low, long mac) {
        return update(IPV6, high, low, mac);
    }

    /** How many live entries the cache holds now (walks every entry: for tests and status, not the packet path). */
    public int size() {
        long now = nanoClock.getAsLong();
        int live = 0;
        for (int i = 0; i < families.length; i++) {
            if (isLive(i, now)) {
                live++;
            }
        }
        return live;
    }

    private long lookup(byte family, long high, long low) {
        int index = find(family, high, low, nanoClock.getAsLong());
        return index >= 0 ? macs[index] : UNKNOWN;
    }

    private boolean update(byte family, long high, long low, long mac) {
        long now = nanoClock.getAsLong();
        int index = find(family, high, low, now);
        if (index < 0) {
            return false;
        }
        macs[index] = mac;
        heard[index] = now;
        return true;
    }

    private void learn(byte family, long high, long low, long mac) {
        long now = nanoClock.getAsLong();
        int first = firstOfSet(family, high, low);
        int match = -1;
        int free = -1;
        int oldest = -1;
        for (int i = first; i < first + WAYS; i++) {
            if (families[i] == family && highs[i] == high && lows[i] == low) {
                match = i;
                break;
            }
            if (!isLive(i, now)) {
                free = free < 0 ? i : free;
            } else if (oldest < 0 || heard[i] - heard[oldest] < 0) {
                oldest = i;
            }
        }
        int victim = match >= 0 ? match : free >= 0 ? free : oldest;
        families[victim] = family;
        highs[victim] = high;
        lows[victim] = low;
        macs[victim] = mac;
        heard[victim] = now;
    }

    /** The index of the live entry of the address, or -1. */
    private int find(byte family, long high, long low, long now) {
        int first = firstOfSet(family, high, low);
        for (int i = first; i < first + WAYS; i++) {
            if (families[i] == family && highs[i] == high && lows[i] == low) {
                return isLive(i, now) ? i : -1;
            }
        }
        return -1;
    }

    private boolean isLive(int index, long now) {
        return families[index] != EMPTY && now - heard[index] < LIFETIME_NANOS;
    }

    /** The first entry of the address's set: a multiplicative hash of both longs and the family, its top bits. */
    private int firstOfSet(byte family, long high, long low) {
        long hash = (high * 0x9E3779B97F4A7C15L + low) * 0xC2B2AE3D27D4EB4FL + family;
        hash ^= hash >>> 29;
        hash *= 0x9E3779B97F4A7C15L;
        int set = setShift == Long.SIZE ? 0 : (int) (hash >>> setShift);
        return set * WAYS;
    }

    @Override
    public String toString() {
        return "NeighbourCache[" + size() + " of " + capacity() + "]";
    }
}
