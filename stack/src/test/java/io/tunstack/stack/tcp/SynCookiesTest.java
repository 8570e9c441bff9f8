package io.tunstack.stack.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.stack.address.IpFamily;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A cookie proves a SYN+ACK was sent for these endpoints and this ISN, recently; nothing else passes. */
class SynCookiesTest {

    private static final long SLOT = TimeUnit.SECONDS.toNanos(SynCookies.SLOT_SECONDS);
    private final SynCookies cookies = new SynCookies(new byte[32]);

    private int cookie(long now) {
        return cookies.cookie(IpFamily.IPV4, 0, 26, 22, 0, 23, 40000, 1234, now);
    }

    private boolean valid(int cookie, int peerPort, int peerSequence, long now) {
        return cookies.isValid(cookie, IpFamily.IPV4, 0, 26, 22, 0, 23, peerPort, peerSequence, now);
    }

    @Test
    void acceptsItsCookieWithinTheNextSlot() {
        long now = 5 * SLOT + 17;
        int cookie = cookie(now);
        assertTrue(valid(cookie, 40000, 1234, now));
        assertTrue(valid(cookie, 40000, 1234, 6 * SLOT + SLOT - 1), "up to the end of the next slot");
    }

    @Test
    void refusesAStaleCookie() {
        int cookie = cookie(5 * SLOT);
        assertFalse(valid(cookie, 40000, 1234, 7 * SLOT));
    }

    @Test
    void refusesACookieForOtherEndpointsOrAnotherIsn() {
        long now = 5 * SLOT;
        int cookie = cookie(now);
        assertFalse(valid(cookie, 40001, 1234, now), "another peer port");
        assertFalse(valid(cookie, 40000, 1235, now), "another peer ISN");
        assertFalse(cookies.isValid(cookie, IpFamily.IPV6, 0, 26, 22, 0, 23, 40000, 1234, now), "another family");
        assertFalse(valid(cookie ^ 0x100, 40000, 1234, now), "a bit changed");
    }

    @Test
    void refusesAlmostEveryGuess() {
        long now = 5 * SLOT;
        int accepted = 0;
        for (int guess = 0; guess < 100_000; guess++) {
            if (valid(guess * 0x9E3779B9, 40000, 1234, now)) {
                accepted++;
            }
        }
        // 30 bits of MAC: a guess passes with odds of about 2^-29 per slot tried.
        assertEquals(0, accepted);
    }

    @Test
    void anotherKeyMakesAnotherCookie() {
        byte[] key = new byte[32];
        key[0] = 1;
        assertNotEquals(cookie(0), new SynCookies(key).cookie(IpFamily.IPV4, 0, 26, 22, 0, 23, 40000, 1234, 0));
    }
}
