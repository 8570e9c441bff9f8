package io.tunstack.stack.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.LeakDetection;
import io.tunstack.stack.verdict.DropReason;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * No Linux tool sends a Routing header on its own (type 0 is deprecated, RFC 5095), so this one is built: a type 0
 * header with one address and Segments Left 1, as RFC 2460 drew it, the shape a hostile sender would use.
 */
@ExtendWith(LeakDetection.class)
class Ipv6RoutingHeaderTest {

    /** Next Header 58, Hdr Ext Len 2 (24 bytes), type 0, segments left 1, reserved, then fd00:172:21:22::23. */
    private static final byte[] TYPE_0 = CapturedIpv6Packets.hex(
            "3a02 0001 0000 0000 fd00 0172 0021 0022 0000 0000 0000 0023");

    @Test
    void readsAndBuildsTheFields() {
        byte[] filler = new byte[TYPE_0.length + 4];
        Arrays.fill(filler, (byte) 0xa5);
        System.arraycopy(TYPE_0, 4, filler, 4, TYPE_0.length - 4); // the type-specific data
        ByteBuf buffer = CapturedIpv6Packets.copy(filler);
        try {
            Ipv6RoutingHeader routing = new Ipv6RoutingHeader().wrap(buffer, 0, TYPE_0.length);
            routing.header().setNextHeader(IpProtocol.ICMPV6);
            routing.header().setHdrExtLen(2);
            routing.setRoutingType(Ipv6RoutingHeader.TYPE_0);
            routing.setSegmentsLeft(1);
            assertArrayEquals(TYPE_0, Arrays.copyOf(io.netty.buffer.ByteBufUtil.getBytes(buffer), TYPE_0.length));
            assertNull(routing.checkLength());
            assertEquals(IpProtocol.ICMPV6, routing.nextHeader());
            assertEquals(2, routing.hdrExtLen());
            assertEquals(24, routing.header().headerLength());
            assertEquals(0, routing.routingType());
            assertEquals(1, routing.segmentsLeft());
            assertEquals(2, routing.routingTypeOffset(), "where a Parameter Problem points (RFC 8200 4.4)");
            assertEquals(4, routing.typeSpecificDataOffset());
            assertEquals(1, Ipv6RoutingHeader.SEGMENTS_LEFT_FIELD.value(buffer, 0));
            assertEquals("srcrt (len=2, type=0, segleft=1)", routing.summary());
        } finally {
            assertTrue(buffer.release());
        }
    }

    @Test
    void checkLengthIsTheGenericHeaders() {
        ByteBuf buffer = CapturedIpv6Packets.copy(TYPE_0);
        try {
            assertEquals(DropReason.IPV6_EXTENSION_HEADER_TRUNCATED,
                    new Ipv6RoutingHeader().wrap(buffer, 0, 7).checkLength());
            assertEquals(DropReason.IPV6_EXTENSION_HEADER_LENGTH_BEYOND_PAYLOAD,
                    new Ipv6RoutingHeader().wrap(buffer, 0, 23).checkLength());
            assertNull(new Ipv6RoutingHeader().wrap(buffer, 0, 24).checkLength());
        } finally {
            assertTrue(buffer.release());
        }
    }
}
