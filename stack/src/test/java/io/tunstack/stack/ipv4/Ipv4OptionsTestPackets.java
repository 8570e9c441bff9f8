package io.tunstack.stack.ipv4;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.tunstack.stack.wire.Checksum;
import io.tunstack.stack.address.Ipv4Address;

/**
 * Packets for the options tests: real captures, and echo requests crafted around a given option area.
 */
public final class Ipv4OptionsTestPackets {

    /** The kernel side of tun0. */
    public static final int KERNEL = Ipv4Address.parse("172.21.22.23");
    /** An address tunstack answers for. */
    public static final int RESPONDER = Ipv4Address.parse("172.21.22.26");

    /**
     * A real {@code ping -R -c 1 127.0.0.1} request, captured with {@code tcpdump -x} on the loopback device of a
     * network namespace (Linux 6.18): NOP, then Record Route (length 39, pointer 8) holding the sender's address.
     */
    public static final String PING_R_REQUEST = """
            4f00 007c 41da 4000 4001 4994 7f00 0001
            7f00 0001 0107 2708 7f00 0001 0000 0000
            0000 0000 0000 0000 0000 0000 0000 0000
            0000 0000 0000 0000 0000 0000 0800 d1d8
            781d 0001 b5c9 076b 0000 0000 3201 0000
            0000 0000 1011 1213 1415 1617 1819 1a1b
            1c1d 1e1f 2021 2223 2425 2627 2829 2a2b
            2c2d 2e2f 3031 3233 3435 3637
            """;

    /**
     * The kernel's reply to {@link #PING_R_REQUEST}: Record Route first, with the responder's address recorded on
     * arrival and again on output (pointer 16), the NOP dropped, one End of Option List as padding.
     */
    public static final String PING_R_REPLY = """
            4f00 007c 41db 0000 4001 1500 7f00 0001
            7f00 0001 0727 107f 0000 017f 0000 017f
            0000 0100 0000 0000 0000 0000 0000 0000
            0000 0000 0000 0000 0000 0000 0000 d9d8
            781d 0001 b5c9 076b 0000 0000 3201 0000
            0000 0000 1011 1213 1415 1617 1819 1a1b
            1c1d 1e1f 2021 2223 2425 2627 2829 2a2b
            2c2d 2e2f 3031 3233 3435 3637
            """;

    /**
     * A real {@code ping -T tsonly -c 1 127.0.0.1} request (same capture): Timestamp, length 40, pointer 9, flags 0,
     * one timestamp (21303009 ms since midnight UT) from the sender's output.
     */
    public static final String PING_T_REQUEST = """
            4f00 007c 4246 4000 4001 92ea 7f00 0001
            7f00 0001 4428 0900 0145 0ee1 0000 0000
            0000 0000 0000 0000 0000 0000 0000 0000
            0000 0000 0000 0000 0000 0000 0800 98ae
            7823 0001 b7c9 076b 0000 0000 6925 0000
            0000 0000 1011 1213 1415 1617 1819 1a1b
            1c1d 1e1f 2021 2223 2425 2627 2829 2a2b
            2c2d 2e2f 3031 3233 3435 3637
            """;

    /** The kernel's reply to {@link #PING_T_REQUEST}: two more timestamps (arrival and output), pointer 17. */
    public static final String PING_T_REPLY = """
            4f00 007c 4247 0000 4001 aa9d 7f00 0001
            7f00 0001 4428 1100 0145 0ee1 0145 0ee1
            0145 0ee1 0000 0000 0000 0000 0000 0000
            0000 0000 0000 0000 0000 0000 0000 a0ae
            7823 0001 b7c9 076b 0000 0000 6925 0000
            0000 0000 1011 1213 1415 1617 1819 1a1b
            1c1d 1e1f 2021 2223 2425 2627 2829 2a2b
            2c2d 2e2f 3031 3233 3435 3637
            """;

    /** The time in the captured Timestamp options. */
    public static final int PING_T_TIME = 0x01450ee1;

    /** The first 16 bytes of iputils ping's ICMP data are a timeval; 0x10..0x37 follow. */
    private static final int ECHO_DATA_LENGTH = 56;

    private Ipv4OptionsTestPackets() {
    }

    /** A heap buffer holding the bytes of {@code hex} (white space allowed). */
    public static ByteBuf fromHex(String hex) {
        return Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex.replaceAll("\\s", "")));
    }

    /** Bytes from hex (white space allowed). */
    public static byte[] bytes(String hex) {
        return ByteBufUtil.decodeHexDump(hex.replaceAll("\\s", ""));
    }

    /**
     * An ICMP echo request from {@link #KERNEL} to {@link #RESPONDER} whose option area is {@code options} (a multiple
     * of four bytes), with valid header and ICMP checksums and iputils' 56 data bytes.
     */
    public static byte[] echoRequest(byte[] options) {
        return echoRequest(KERNEL, RESPONDER, options);
    }

    /** As {@link #echoRequest(byte[])}, between the given addresses. */
    public static byte[] echoRequest(int source, int destination, byte[] options) {
        if (options.length % 4 != 0 || options.length > 40) {
            throw new IllegalArgumentException("options: " + options.length + " bytes (expected: 0..40, 4n)");
        }
        int headerLength = 20 + options.length;
        int icmpLength = 8 + ECHO_DATA_LENGTH;
        ByteBuf buf = Unpooled.buffer(headerLength + icmpLength);
        try {
            buf.writeByte(0x40 | headerLength / 4);
            buf.writeByte(0);
            buf.writeShort(headerLength + icmpLength);
            buf.writeShort(0x1234);
            buf.writeShort(0x4000);
            buf.writeByte(64);
            buf.writeByte(1);
            buf.writeShort(0);
            buf.writeInt(source);
            buf.writeInt(destination);
            buf.writeBytes(options);
            buf.setShort(10, Checksum.compute(buf, 0, headerLength));
            int icmp = buf.writerIndex();
            buf.writeByte(8);
            buf.writeByte(0);
            buf.writeShort(0);
            buf.writeShort(0x4caf);
            buf.writeShort(1);
            for (int i = 0; i < 16; i++) {
                buf.writeByte(0);
            }
            for (int i = 0x10; i < 0x10 + ECHO_DATA_LENGTH - 16; i++) {
                buf.writeByte(i);
            }
            buf.setShort(icmp + 2, Checksum.compute(buf, icmp, icmpLength));
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    /** Pads {@code options} with End of Option List bytes to a multiple of four. */
    public static byte[] padded(byte[] options) {
        byte[] out = new byte[(options.length + 3) & ~3];
        System.arraycopy(options, 0, out, 0, options.length);
        return out;
    }
}
