package io.tunstack.stack.trace;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;

/**
 * The real exchange the trace tests are built from: a {@code ping -c 1 127.0.0.1} request and the kernel's reply,
 * as {@code tcpdump -x} showed them (docs: STYLE.md, "Captured test vector").
 */
final class TraceVectors {

    /** The echo request, 84 bytes: id 0x4caf, seq 1, iputils' 56-byte payload (timeval, then 0x10..0x37). */
    static final String ECHO_REQUEST_HEX = ""
            + "4500 0054 950d 4000 4001 a799 7f00 0001 7f00 0001 0800 80e0 4caf 0001 f1b6 076b"
            + "0000 0000 647a 0e00 0000 0000 1011 1213 1415 1617 1819 1a1b 1c1d 1e1f 2021 2223"
            + "2425 2627 2829 2a2b 2c2d 2e2f 3031 3233 3435 3637";

    /**
     * The kernel's reply: a new IP id, DF cleared, type 0, the ICMP checksum up by 0x0800; the data is the
     * request's.
     */
    static final String KERNEL_ECHO_REPLY_HEX = ""
            + "4500 0054 950e 0000 4001 e798 7f00 0001 7f00 0001 0000 88e0 4caf 0001 f1b6 076b"
            + "0000 0000 647a 0e00 0000 0000 1011 1213 1415 1617 1819 1a1b 1c1d 1e1f 2021 2223"
            + "2425 2627 2829 2a2b 2c2d 2e2f 3031 3233 3435 3637";

    private TraceVectors() {
    }

    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    /** A heap buffer over a fresh copy of {@code hex}: nothing to release. */
    static ByteBuf buffer(String hex) {
        return Unpooled.wrappedBuffer(bytes(hex));
    }
}
