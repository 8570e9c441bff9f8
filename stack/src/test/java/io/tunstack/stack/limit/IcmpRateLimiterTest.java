package io.tunstack.stack.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.stack.wire.Icmpv4Type;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link IcmpRateLimiter}: Linux's icmp_msgs_per_sec / icmp_msgs_burst bucket and icmp_ratemask, on a fake clock. */
class IcmpRateLimiterTest {

    private static final int PARAMETER_PROBLEM = Icmpv4Type.PARAMETER_PROBLEM;

    /** A clock the test moves by hand. */
    private long now = TimeUnit.HOURS.toNanos(5);

    private final IcmpRateLimiter limiter = new IcmpRateLimiter(() -> now);

    private void advanceMillis(long millis) {
        now += TimeUnit.MILLISECONDS.toNanos(millis);
    }

    /** Sends {@code count} Parameter Problems at the current instant and returns how many were allowed. */
    private int burst(int count) {
        int allowed = 0;
        for (int i = 0; i < count; i++) {
            if (limiter.tryAcquire(PARAMETER_PROBLEM, 0)) {
                allowed++;
            }
        }
        return allowed;
    }

    @Test
    void aFullBucketAllowsTheBurstThenRefuses() {
        // Linux defaults: net.ipv4.icmp_msgs_burst = 50, net.ipv4.icmp_msgs_per_sec = 1000.
        assertEquals(IcmpRateLimiter.DEFAULT_BURST, burst(1000));
        assertFalse(limiter.tryAcquire(PARAMETER_PROBLEM, 0));
        assertEquals(0, limiter.tokens());
    }

    @Test
    void refillsAtTheRateOnlyAfter20Milliseconds() {
        burst(IcmpRateLimiter.DEFAULT_BURST);
        advanceMillis(19);
        assertEquals(0, burst(100), "Linux refills only when HZ/50 (20 ms) have passed");
        advanceMillis(1);
        assertEquals(20, burst(100), "20 ms at 1000/s");
        advanceMillis(30);
        assertEquals(30, burst(100), "30 ms at 1000/s");
    }

    @Test
    void neverRefillsAboveTheBurst() {
        burst(IcmpRateLimiter.DEFAULT_BURST);
        advanceMillis(TimeUnit.MINUTES.toMillis(10));
        assertEquals(IcmpRateLimiter.DEFAULT_BURST, burst(1000));
    }

    @Test
    void aSlowRateKeepsTheTimeThatHasNotYetEarnedAToken() {
        IcmpRateLimiter slow = new IcmpRateLimiter(2, 1, IcmpRateLimiter.DEFAULT_RATE_MASK, () -> now);
        assertTrue(slow.tryAcquire(PARAMETER_PROBLEM, 0));
        advanceMillis(300);
        assertFalse(slow.tryAcquire(PARAMETER_PROBLEM, 0), "300 ms at 2/s earns no whole token");
        advanceMillis(200);
        assertTrue(slow.tryAcquire(PARAMETER_PROBLEM, 0), "the 300 ms were kept: 500 ms earn one");
        assertFalse(slow.tryAcquire(PARAMETER_PROBLEM, 0));
    }

    @Test
    void echoRepliesAreNotLimitedByDefault() {
        // Linux icmp_ratemask default 0x1818 = 6168: types 3, 4, 11, 12. Echo reply (0) is not in it.
        assertEquals(0x1818, IcmpRateLimiter.DEFAULT_RATE_MASK);
        for (int i = 0; i < 10_000; i++) {
            assertTrue(limiter.tryAcquire(Icmpv4Type.ECHO_REPLY, 0));
        }
        assertEquals(IcmpRateLimiter.DEFAULT_BURST, limiter.tokens(), "unlimited messages take no token");
    }

    @Test
    void followsTheRateMask() {
        assertTrue(limiter.limits(Icmpv4Type.DESTINATION_UNREACHABLE, 3));
        assertTrue(limiter.limits(Icmpv4Type.SOURCE_QUENCH, 0));
        assertTrue(limiter.limits(Icmpv4Type.TIME_EXCEEDED, 0));
        assertTrue(limiter.limits(Icmpv4Type.PARAMETER_PROBLEM, 0));
        assertFalse(limiter.limits(Icmpv4Type.ECHO_REPLY, 0));
        assertFalse(limiter.limits(Icmpv4Type.TIMESTAMP_REPLY, 0));
        assertFalse(limiter.limits(Icmpv4Type.DESTINATION_UNREACHABLE, 4), "Linux: \"Don't limit PMTU discovery.\"");
        assertFalse(limiter.limits(42, 0), "types above 18 are outside the mask");

        IcmpRateLimiter echoToo = new IcmpRateLimiter(1000, 2, 1 << Icmpv4Type.ECHO_REPLY, () -> now);
        assertTrue(echoToo.tryAcquire(Icmpv4Type.ECHO_REPLY, 0));
        assertTrue(echoToo.tryAcquire(Icmpv4Type.ECHO_REPLY, 0));
        assertFalse(echoToo.tryAcquire(Icmpv4Type.ECHO_REPLY, 0));
        assertTrue(echoToo.tryAcquire(Icmpv4Type.PARAMETER_PROBLEM, 0), "not in this mask");
    }

    @Test
    void rejectsSettingsThatCannotWork() {
        assertThrows(IllegalArgumentException.class, () -> new IcmpRateLimiter(0, 50, 0, () -> now));
        assertThrows(IllegalArgumentException.class, () -> new IcmpRateLimiter(1000, 0, 0, () -> now));
    }
}
