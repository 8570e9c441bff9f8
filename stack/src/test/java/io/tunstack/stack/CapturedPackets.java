package io.tunstack.stack;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.tunstack.stack.address.AddressSet;
import io.tunstack.stack.address.InterfaceAddress;
import io.tunstack.stack.config.StackConfig;
import java.util.HexFormat;

/**
 * Real packets, captured with {@code tcpdump -x}, shared with other modules' tests through the stack's test-jar.
 *
 * <p>Each constant is the exact bytes on the wire; each helper returns a fresh copy in a pooled direct
 * {@link ByteBuf}, the kind the device reads into, which the caller owns and must release. (Netty's leak detector
 * tracks pooled and direct buffers, not unpooled heap ones.)
 */
public final class CapturedPackets {

    /**
     * A real {@code ping -c 1 127.0.0.1}: IPv4 (id 0x950d, DF, TTL 64), ICMP echo request, identifier 0x4caf,
     * sequence 1, and iputils' default 56 data bytes (a 16-byte timeval, then 0x10..0x37). 84 bytes.
     */
    public static final byte[] ECHO_REQUEST_LOOPBACK = hex(
            "4500 0054 950d 4000 4001 a799 7f00 0001 7f00 0001 0800 80e0 4caf 0001 f1b6 076b"
                    + "0000 0000 647a 0e00 0000 0000 1011 1213 1415 1617 1819 1a1b 1c1d 1e1f 2021 2223"
                    + "2425 2627 2829 2a2b 2c2d 2e2f 3031 3233 3435 3637");

    /**
     * The Linux kernel's reply to {@link #ECHO_REQUEST_LOOPBACK}: a new IP id (0x950e), DF cleared, TTL 64, type 0,
     * the ICMP checksum 0x0800 higher, and identifier, sequence number and data the request's. The capture showed the
     * first 28 bytes; the rest is the request's data, which RFC 1122 3.2.2.6 requires byte for byte.
     */
    public static final byte[] ECHO_REPLY_LOOPBACK = hex(
            "4500 0054 950e 0000 4001 e798 7f00 0001 7f00 0001 0000 88e0 4caf 0001 f1b6 076b"
                    + "0000 0000 647a 0e00 0000 0000 1011 1213 1415 1617 1819 1a1b 1c1d 1e1f 2021 2223"
                    + "2425 2627 2829 2a2b 2c2d 2e2f 3031 3233 3435 3637");

    /** The IP Identification the kernel chose for {@link #ECHO_REPLY_LOOPBACK}. */
    public static final int ECHO_REPLY_LOOPBACK_ID = 0x950e;

    /** The address the captured ping ran against, 127.0.0.1, as an int. */
    public static final int LOOPBACK = 0x7F000001;

    private CapturedPackets() {
    }

    /** A fresh copy of {@link #ECHO_REQUEST_LOOPBACK}; the caller releases it. */
    public static ByteBuf echoRequestLoopback() {
        return copy(ECHO_REQUEST_LOOPBACK);
    }

    /** A fresh pooled direct buffer holding {@code bytes}; the caller releases it. */
    public static ByteBuf copy(byte[] bytes) {
        return PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
    }

    /**
     * A stack configuration that answers the loopback capture: it answers 127.0.0.1 and accepts loopback sources,
     * which a real link must not carry (RFC 1122 3.2.1.3 (g)).
     */
    public static StackConfig loopbackConfig() {
        return StackConfig.builder()
                .address(InterfaceAddress.ipv4(0x7F0000FE, 8))
                .answered(AddressSet.parse("127.0.0.1"))
                .acceptLoopbackSource(true)
                .build();
    }

    /** Bytes from hex text; spaces are ignored. */
    public static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replace(" ", ""));
    }
}
