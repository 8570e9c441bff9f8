package io.tunstack.stack.tcp;

import io.tunstack.stack.address.IpFamily;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * SYN cookies (RFC 4987 3.6): the initial sequence number of a SYN+ACK is a keyed hash of the connection's endpoints,
 * the peer's initial sequence number and the time, so that the handshake's last ACK proves by itself that a SYN+ACK
 * was sent, without any state kept for it. tunstack sends every SYN+ACK with a cookie; the connection table only
 * adds retransmission, and a full table costs nothing but that.
 *
 * <p>The cookie is the top 30 bits of HMAC-SHA256 (a key drawn at start-up) over the endpoints, the peer's ISN and a
 * time slot of {@value #SLOT_SECONDS} s, with the slot's low 2 bits below them. An ACK is accepted when its
 * acknowledgment minus one is the cookie of the current slot or the one before (so a cookie lives 64 to 128 s; Linux
 * accepts up to 2 minutes, MAX_SYNCOOKIE_AGE). A forged ACK guesses 30 bits; a stale one names an old slot.
 *
 * <p>Single-threaded: one instance per stack (the MAC and its input buffer are reused).
 */
final class SynCookies {

    static final int SLOT_SECONDS = 64;
    private static final long SLOT_NANOS = TimeUnit.SECONDS.toNanos(SLOT_SECONDS);
    private static final int SLOT_BITS = 0x3;
    private static final int KEY_BYTES = 32;

    private final Mac mac;
    private final ByteBuffer input = ByteBuffer.allocate(4 * Long.BYTES + 4 * Integer.BYTES + 1);
    private final byte[] output;

    /** Cookies under a key drawn from {@link SecureRandom}. */
    static SynCookies withRandomKey() {
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return new SynCookies(key);
    }

    SynCookies(byte[] key) {
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            // Every Java SE runtime must provide HmacSHA256 (the Mac class's documentation).
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
        output = new byte[mac.getMacLength()];
    }

    /** The cookie for a SYN with sequence number {@code peerSequence} received at {@code nowNanos}. */
    int cookie(IpFamily family, long localHigh, long localLow, int localPort, long peerHigh, long peerLow,
            int peerPort, int peerSequence, long nowNanos) {
        long slot = slot(nowNanos);
        return hash(family, localHigh, localLow, localPort, peerHigh, peerLow, peerPort, peerSequence, slot)
                & ~SLOT_BITS | (int) (slot & SLOT_BITS);
    }

    /**
     * Whether {@code cookie} (an ACK's acknowledgment number minus one) was made at most one slot ago for these
     * endpoints and the peer ISN {@code peerSequence} (the ACK's sequence number minus one).
     */
    boolean isValid(int cookie, IpFamily family, long localHigh, long localLow, int localPort, long peerHigh,
            long peerLow, int peerPort, int peerSequence, long nowNanos) {
        long now = slot(nowNanos);
        for (long slot = now; slot >= now - 1; slot--) {
            if ((slot & SLOT_BITS) == (cookie & SLOT_BITS) && (hash(family, localHigh, localLow, localPort, peerHigh,
                    peerLow, peerPort, peerSequence, slot) & ~SLOT_BITS) == (cookie & ~SLOT_BITS)) {
                return true;
            }
        }
        return false;
    }

    private static long slot(long nowNanos) {
        return Math.floorDiv(nowNanos, SLOT_NANOS);
    }

    private int hash(IpFamily family, long localHigh, long localLow, int localPort, long peerHigh, long peerLow,
            int peerPort, int peerSequence, long slot) {
        input.clear();
        input.putLong(localHigh).putLong(localLow).putLong(peerHigh).putLong(peerLow)
                .putInt(localPort).putInt(peerPort).putInt(peerSequence).putInt((int) slot)
                .put((byte) family.ordinal());
        input.flip();
        mac.update(input);
        try {
            mac.doFinal(output, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("the output holds a whole MAC", e);
        }
        return (output[0] & 0xFF) << 24 | (output[1] & 0xFF) << 16 | (output[2] & 0xFF) << 8 | output[3] & 0xFF;
    }
}
