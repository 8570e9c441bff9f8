package io.tunstack.stack.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.tunstack.stack.LeakDetection;
import io.tunstack.stack.verdict.DropReason;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link EthernetFrame} read from and written to captured frames. */
@ExtendWith(LeakDetection.class)
class EthernetFrameTest {

    @Test
    void deconstructsTheCapturedEchoRequest() {
        ByteBuf buffer = CapturedIpv6Packets.copy(CapturedFrames.ECHO_REQUEST);
        try {
            EthernetFrame frame = EthernetFrame.newUnchecked(buffer);
            assertNull(frame.checkLength());
            assertEquals(CapturedFrames.HOST_MAC, frame.destination());
            assertEquals(CapturedFrames.CLIENT_MAC, frame.source());
            assertEquals(EtherType.IPV4, frame.etherType());
            assertEquals(14, frame.payloadOffset());
            assertEquals(84, frame.payloadLength());
            assertEquals(0, buffer.readerIndex(), "a view never moves the reader index");
            assertEquals(98, buffer.writerIndex(), "a view never moves the writer index");
        } finally {
            assertTrue(buffer.release());
        }
    }

    @Test
    void constructsTheCapturedReplyHeaderOverA5() {
        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(EthernetFrame.HEADER_LENGTH);
        try {
            buffer.writeBytes(filled(EthernetFrame.HEADER_LENGTH));
            EthernetFrame frame = EthernetFrame.newUnchecked(buffer);
            frame.setDestination(CapturedFrames.CLIENT_MAC);
            frame.setSource(CapturedFrames.HOST_MAC);
            frame.setEtherType(EtherType.IPV4);
            assertArrayEquals(Arrays.copyOf(CapturedFrames.ECHO_REPLY, EthernetFrame.HEADER_LENGTH),
                    ByteBufUtil.getBytes(buffer));
        } finally {
            assertTrue(buffer.release());
        }
    }

    @Test
    void aFrameShorterThanItsHeaderIsTruncated() {
        ByteBuf buffer = CapturedIpv6Packets.copy(Arrays.copyOf(CapturedFrames.ECHO_REQUEST, 13));
        try {
            EthernetFrame frame = EthernetFrame.newUnchecked(buffer);
            assertEquals(DropReason.ETHERNET_TRUNCATED, frame.checkLength());
            assertEquals("Ethernet malformed (ethernet-truncated), length 13", frame.summary());
        } finally {
            assertTrue(buffer.release());
        }
    }

    @Test
    void summaryInTcpdumpShape() {
        ByteBuf buffer = CapturedIpv6Packets.copy(CapturedFrames.ARP_REQUEST);
        try {
            assertEquals("5e:2b:80:15:34:6f > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42",
                    EthernetFrame.newUnchecked(buffer).summary());
        } finally {
            assertTrue(buffer.release());
        }
    }

    @Test
    void etherTypeNames() {
        assertEquals("IPv6", EtherType.name(EtherType.IPV6));
        assertEquals("802.1Q", EtherType.name(EtherType.VLAN));
        assertEquals("802.3 length", EtherType.name(46));
        assertEquals("Unknown", EtherType.name(0x88cc));
        assertTrue(EtherType.isVlanTag(EtherType.QINQ));
    }

    private static byte[] filled(int length) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) 0xa5);
        return bytes;
    }
}
