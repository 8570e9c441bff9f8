package io.tunstack.stack.ip;

import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * IP Identification the way Linux chooses it for datagrams without DF ({@code __ip_select_ident} in
 * net/ipv4/route.c): a table of counters seeded randomly, one chosen by a keyed hash of (destination, source,
 * protocol), so each flow sees increasing ids while other flows' ids are not predictable from it (RFC 6864
 * section 4.1 only asks that an id not repeat within a flow's maximum datagram lifetime).
 *
 * <p>Differences from Linux, on purpose: the hash is a keyed 64-bit mixer rather than SipHash (tunstack's ids guard
 * no secret), and Linux's random increment after a bucket's idle time ({@code ip_idents_reserve}) is left out.
 *
 * <p>Single-threaded, like the {@link io.tunstack.stack.NetworkStack} that owns it. No allocation per call.
 */
public final class IpIdentTable implements IpIdGenerator {

    /** Linux sizes {@code ip_idents} from memory, at least 2048 counters; tunstack uses 2048. */
    public static final int DEFAULT_SIZE = 2048;

    private final int[] counters;
    private final int mask;
    private final long key0;
    private final long key1;

    /**
     * A table of {@link #DEFAULT_SIZE} counters, drawn from a {@link SplittableRandom} seeded with 64 bits of
     * {@link SecureRandom}: drawing all 2,050 values from {@code SecureRandom} itself (NativePRNG mixes each with
     * SHA1PRNG) cost tunstack's start about 80 ms, for values that only have to be unpredictable from outside.
     */
    public IpIdentTable() {
        this(DEFAULT_SIZE, new SplittableRandom(new SecureRandom().nextLong()));
    }

    /**
     * A table of {@code size} counters (a power of two), its counters and hash key drawn from {@code random}.
     *
     * @throws IllegalArgumentException when size is not a positive power of two
     */
    public IpIdentTable(int size, RandomGenerator random) {
        if (size <= 0 || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("ident table size: " + size + " (expected: a power of two)");
        }
        counters = new int[size];
        for (int i = 0; i < size; i++) {
            counters[i] = random.nextInt();
        }
        mask = size - 1;
        key0 = random.nextLong();
        key1 = random.nextLong();
    }

    @Override
    public int nextIdentification(int destination, int source, int protocol) {
        int bucket = (int) hash(destination, source, protocol) & mask;
        int id = counters[bucket];
        counters[bucket] = id + 1;
        return id & 0xFFFF;
    }

    /**
     * One mixing round over the whole key: the addresses fill the 64 bits, the protocol (8 bits) is spread over them
     * by the odd multiplier {@code key1 | 1} (distinct protocols give distinct products), and the secret {@code key0}
     * is xored in. fmix64 is a bijection whose every input bit affects every output bit, so a second round, as
     * before, only cost time (two 64-bit multiplications) on every reply.
     */
    private long hash(int destination, int source, int protocol) {
        long addresses = Integer.toUnsignedLong(destination) << 32 | Integer.toUnsignedLong(source);
        return mix(key0 ^ addresses ^ (protocol * (key1 | 1)));
    }

    /** The finalizer of MurmurHash3 (fmix64): every input bit affects every output bit. */
    private static long mix(long value) {
        long h = value;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
