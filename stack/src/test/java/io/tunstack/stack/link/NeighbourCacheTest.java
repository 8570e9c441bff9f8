package io.tunstack.stack.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.stack.TestEnvironment.ManualNanoClock;
import io.tunstack.stack.address.Ipv4Address;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link NeighbourCache} with a manual clock: learning, RFC 826's merge rule, ageing, the bound, no allocation. */
class NeighbourCacheTest {

    private static final int CLIENT = Ipv4Address.parse("172.21.22.23");
    private static final long PREFIX = 0xfd00_0172_0021_0022L;
    private static final long MAC = 0x5e2b8015346fL;
    private static final long OTHER_MAC = 0x0200_0000_0099L;

    private final ManualNanoClock clock = new ManualNanoClock();

    @Test
    void learnsBothFamiliesApart() {
        NeighbourCache cache = new NeighbourCache(clock);
        assertEquals(NeighbourCache.UNKNOWN, cache.lookupIpv4(CLIENT));
        cache.learnIpv4(CLIENT, MAC);
        cache.learnIpv6(PREFIX, 0x23, OTHER_MAC);
        assertEquals(MAC, cache.lookupIpv4(CLIENT));
        assertEquals(OTHER_MAC, cache.lookupIpv6(PREFIX, 0x23));
        // ::172.21.22.23 has the IPv4 address's bits, but another family.
        assertEquals(NeighbourCache.UNKNOWN, cache.lookupIpv6(0, Integer.toUnsignedLong(CLIENT)));
        assertEquals(2, cache.size());
    }

    @Test
    void aNewMacReplacesTheOld() {
        NeighbourCache cache = new NeighbourCache(clock);
        cache.learnIpv4(CLIENT, MAC);
        cache.learnIpv4(CLIENT, OTHER_MAC);
        assertEquals(OTHER_MAC, cache.lookupIpv4(CLIENT));
        assertEquals(1, cache.size());
    }

    @Test
    void updateChangesOnlyWhatIsThere() {
        NeighbourCache cache = new NeighbourCache(clock);
        assertFalse(cache.updateIpv4(CLIENT, MAC), "no entry: RFC 826's Merge_flag stays false");
        assertEquals(NeighbourCache.UNKNOWN, cache.lookupIpv4(CLIENT));
        cache.learnIpv4(CLIENT, MAC);
        assertTrue(cache.updateIpv4(CLIENT, OTHER_MAC));
        assertEquals(OTHER_MAC, cache.lookupIpv4(CLIENT));
        assertFalse(cache.updateIpv6(PREFIX, 0x23, MAC));
        cache.learnIpv6(PREFIX, 0x23, MAC);
        assertTrue(cache.updateIpv6(PREFIX, 0x23, OTHER_MAC));
        assertEquals(OTHER_MAC, cache.lookupIpv6(PREFIX, 0x23));
    }

    @Test
    void anEntryAgesOutSixtySecondsAfterItsNeighbourWasLastHeard() {
        NeighbourCache cache = new NeighbourCache(clock);
        cache.learnIpv4(CLIENT, MAC);
        clock.advance(Duration.ofSeconds(59));
        assertEquals(MAC, cache.lookupIpv4(CLIENT));
        assertTrue(cache.updateIpv4(CLIENT, MAC), "heard again at 59 s");
        clock.advance(Duration.ofSeconds(59));
        assertEquals(MAC, cache.lookupIpv4(CLIENT), "59 s after it was last heard");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(NeighbourCache.UNKNOWN, cache.lookupIpv4(CLIENT), "60 s after");
        assertFalse(cache.updateIpv4(CLIENT, MAC), "an expired entry is no entry to merge into");
        assertEquals(0, cache.size());
    }

    @Test
    void aFullSetForgetsItsLeastRecentlyHeardEntry() {
        NeighbourCache cache = new NeighbourCache(NeighbourCache.WAYS, clock);
        assertEquals(NeighbourCache.WAYS, cache.capacity(), "one set");
        for (int i = 0; i < NeighbourCache.WAYS; i++) {
            cache.learnIpv4(CLIENT + i, MAC + i);
            clock.advance(Duration.ofMillis(1));
        }
        cache.learnIpv4(CLIENT, MAC);
        cache.learnIpv4(CLIENT + 100, OTHER_MAC);
        assertEquals(OTHER_MAC, cache.lookupIpv4(CLIENT + 100));
        assertEquals(MAC, cache.lookupIpv4(CLIENT), "heard last of all before the new one");
        assertEquals(NeighbourCache.UNKNOWN, cache.lookupIpv4(CLIENT + 1), "the least recently heard");
        assertEquals(NeighbourCache.WAYS, cache.size());
    }

    @Test
    void aFloodOfSourcesStaysWithinTheBoundAndKeepsTheLatest() {
        NeighbourCache cache = new NeighbourCache(64, clock);
        for (int i = 0; i < 100_000; i++) {
            cache.learnIpv4(i, MAC);
            assertEquals(MAC, cache.lookupIpv4(i));
        }
        assertEquals(64, cache.capacity());
        assertTrue(cache.size() <= 64, "size " + cache.size());
        assertTrue(cache.size() > 32, "the sets fill evenly: size " + cache.size());
    }

    @Test
    void capacityRoundsUpToWholeSets() {
        assertEquals(NeighbourCache.DEFAULT_CAPACITY, new NeighbourCache(clock).capacity());
        assertEquals(NeighbourCache.WAYS, new NeighbourCache(1, clock).capacity());
        assertEquals(4 * NeighbourCache.WAYS, new NeighbourCache(3 * NeighbourCache.WAYS + 1, clock).capacity());
    }

    @Test
    void lookupsAndLearningAllocateNothing() {
        NeighbourCache cache = new NeighbourCache(clock);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocated = 0;
        for (int round = 0; round < 2; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 100_000; i++) {
                cache.learnIpv4(CLIENT + (i & 255), MAC);
                cache.lookupIpv4(CLIENT + (i & 511));
                cache.learnIpv6(PREFIX, i & 255, MAC);
                cache.lookupIpv6(PREFIX, i & 511);
            }
            allocated = threads.getCurrentThreadAllocatedBytes() - before;
        }
        assertEquals(0, allocated / 100_000, "bytes per round of four calls (" + allocated + " in all)");
    }
}
