package io.tunstack.stack.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.stack.address.Ipv4Address;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link PerSourceRateLimiter}: a token bucket per source (as Linux's inet_peer_xrlim_allow), in a bounded table. */
class PerSourceRateLimiterTest {

    private static final int FLOODER = Ipv4Address.parse("172.21.22.23");
    private static final int NEIGHBOUR = Ipv4Address.parse("172.21.22.24");

    private long now = TimeUnit.DAYS.toNanos(3);

    /** 10 answers per second and a burst of 3, for 64 sources. */
    private final PerSourceRateLimiter limiter = new PerSourceRateLimiter(64, 10, 3, () -> now);

    private void advanceMillis(long millis) {
        now += TimeUnit.MILLISECONDS.toNanos(millis);
    }

    /** Asks for the IPv4 source {@code source}, as the IPv4 layer does: high 0, the 32 bits unsigned in low. */
    private boolean acquire(int source) {
        return limiter.tryAcquire(0, Integer.toUnsignedLong(source));
    }

    private int answers(int source, int asks) {
        int allowed = 0;
        for (int i = 0; i < asks; i++) {
            if (acquire(source)) {
                allowed++;
            }
        }
        return allowed;
    }

    @Test
    void aSourceGetsItsBurstThenOneAnswerPerInterval() {
        assertEquals(3, answers(FLOODER, 100));
        advanceMillis(99);
        assertFalse(acquire(FLOODER), "the interval at 10/s is 100 ms");
        advanceMillis(1);
        assertTrue(acquire(FLOODER));
        assertFalse(acquire(FLOODER));
        advanceMillis(250);
        assertEquals(2, answers(FLOODER, 100), "250 ms earn two answers, the half interval is kept");
        advanceMillis(50);
        assertEquals(1, answers(FLOODER, 100));
    }

    @Test
    void refillsNoFurtherThanTheBurst() {
        answers(FLOODER, 100);
        advanceMillis(TimeUnit.HOURS.toMillis(1));
        assertEquals(3, answers(FLOODER, 100));
    }

    @Test
    void sourcesHaveTheirOwnBuckets() {
        assertEquals(3, answers(FLOODER, 1000));
        assertEquals(3, answers(NEIGHBOUR, 1000), "a flood from one source does not silence another");
    }

    @Test
    void aFloodOfSourcesStaysInTheTableAndOnlyLoosensTheLimit() {
        assertEquals(3, answers(FLOODER, 10));
        assertFalse(acquire(FLOODER));
        // Far more sources than the 64 slots: each new one starts with a full bucket, nothing grows.
        for (int i = 0; i < 100_000; i++) {
            assertTrue(acquire(Ipv4Address.parse("10.0.0.0") + i), "a new source is answered");
        }
        // The flooder was evicted long ago; forgetting it can only give it a full bucket again.
        assertEquals(3, answers(FLOODER, 10));
    }

    @Test
    void remembersUpToItsCapacity() {
        // 8 sources that a 64-slot table holds: each keeps its empty bucket.
        for (int i = 0; i < 8; i++) {
            assertEquals(3, answers(NEIGHBOUR + i * 256, 10));
        }
        for (int i = 0; i < 8; i++) {
            assertFalse(acquire(NEIGHBOUR + i * 256), "source " + i + " is remembered");
        }
    }

    @Test
    void rejectsSettingsThatCannotWork() {
        assertThrows(IllegalArgumentException.class, () -> new PerSourceRateLimiter(100, 10, 3, () -> now));
        assertThrows(IllegalArgumentException.class, () -> new PerSourceRateLimiter(4, 10, 3, () -> now));
        assertThrows(IllegalArgumentException.class, () -> new PerSourceRateLimiter(64, 0, 3, () -> now));
        assertThrows(IllegalArgumentException.class, () -> new PerSourceRateLimiter(64, 10, 0, () -> now));
    }

    @Test
    void ipv6SourcesHaveTheirOwnBucketsByAllOf128Bits() {
        long prefix = 0xfd00_0172_0021_0022L;
        for (int asks = 0; asks < 10; asks++) {
            limiter.tryAcquire(prefix, 0x23);
        }
        assertFalse(limiter.tryAcquire(prefix, 0x23), "fd00:172:21:22::23 used its bucket");
        assertTrue(limiter.tryAcquire(prefix, 0x24), "its neighbour in the /64 did not");
        assertTrue(limiter.tryAcquire(prefix + 1, 0x23), "nor did the same interface id in another /64");
        assertTrue(limiter.tryAcquire(0, 0x23), "nor the IPv4 address 0.0.0.35, whose low bits are the same");
        advanceMillis(100);
        assertTrue(limiter.tryAcquire(prefix, 0x23), "the interval at 10/s is 100 ms");
    }
}
