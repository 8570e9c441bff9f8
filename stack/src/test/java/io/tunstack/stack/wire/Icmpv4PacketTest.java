package io.tunstack.stack.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.tunstack.stack.CapturedPackets;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.LeakDetection;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeakDetection.class)
class Icmpv4PacketTest {

    private static final int IP_HEADER = 20;
    private static final int ICMP_LENGTH = 64;

    @Test
    void deconstructsTheCapturedRequest() {
        ByteBuf buffer = CapturedPackets.echoRequestLoopback();
        try {
            Icmpv4Packet icmp = new Icmpv4Packet().wrap(buffer, IP_HEADER, ICMP_LENGTH);
            assertNull(icmp.checkLength());
            assertEquals(Icmpv4Type.ECHO_REQUEST, icmp.type());
            assertEquals(0, icmp.code());
            assertEquals(0x0800, icmp.typeAndCode());
            assertEquals(0x80e0, icmp.checksum());
            assertTrue(icmp.verifyChecksum());
            assertEquals(0x4caf, icmp.identifier());
            assertEquals(1, icmp.sequenceNumber());
            assertEquals(IP_HEADER + 8, icmp.dataOffset());
            assertEquals(56, icmp.dataLength());
            assertEquals(0x10, buffer.getByte(icmp.dataOffset() + 16), "iputils pattern starts after the timeval");
        } finally {
            assertTrue(buffer.release());
        }
    }

    @Test
    void parsesTheCapturedRequestAsARepr() {
        ByteBuf buffer = CapturedPackets.echoRequestLoopback();
        try {
            Icmpv4Repr repr = Icmpv4Repr.parse(new Icmpv4Packet().wrap(buffer, IP_HEADER, ICMP_LENGTH));
            byte[] data = Arrays.copyOfRange(CapturedPackets.ECHO_REQUEST_LOOPBACK, IP_HEADER + 8, 84);
            assertEquals(new Icmpv4Repr.EchoRequest(0x4caf, 1, data), repr);
            assertEquals(ICMP_LENGTH, repr.bufferLength());
        } finally {
            assertTrue(buffer.release());
        }
    }

    @Test
    void emitsTheKernelsReplyIntoA5Filler() {
        byte[] data = Arrays.copyOfRange(CapturedPackets.ECHO_REQUEST_LOOPBACK, IP_HEADER + 8, 84);
        Icmpv4Repr reply = new Icmpv4Repr.EchoRequest(0x4caf, 1, data).reply();
        byte[] filler = new byte[reply.bufferLength()];
        Arrays.fill(filler, (byte) 0xa5);
        ByteBuf buffer = CapturedPackets.copy(filler);
        try {
            reply.emit(new Icmpv4Packet().wrap(buffer, 0, reply.bufferLength()));
            byte[] expected = Arrays.copyOfRange(CapturedPackets.ECHO_REPLY_LOOPBACK, IP_HEADER, 84);
            assertArrayEquals(expected, ByteBufUtil.getBytes(buffer));
        } finally {
            assertTrue(buffer.release());
        }
    }

    @Test
    void reprRejectsABrokenChecksum() {
        byte[] bytes = CapturedPackets.ECHO_REQUEST_LOOPBACK.clone();
        bytes[IP_HEADER + 3] ^= 1;
        ByteBuf buffer = CapturedPackets.copy(bytes);
        try {
            Icmpv4Packet icmp = new Icmpv4Packet().wrap(buffer, IP_HEADER, ICMP_LENGTH);
            assertThrows(IllegalArgumentException.class, () -> Icmpv4Repr.parse(icmp));
        } finally {
            assertTrue(buffer.release());
        }
    }

    @Test
    void checkLengthNeedsTheEightByteHeader() {
        ByteBuf buffer = CapturedPackets.echoRequestLoopback();
        try {
            assertEquals(DropReason.ICMP_TRUNCATED, new Icmpv4Packet().wrap(buffer, IP_HEADER, 7).checkLength());
            assertNull(new Icmpv4Packet().wrap(buffer, IP_HEADER, 8).checkLength());
        } finally {
            assertTrue(buffer.release());
        }
    }

    @Test
    void settersWriteTheirFields() {
        ByteBuf buffer = CapturedPackets.echoRequestLoopback();
        try {
            Icmpv4Packet icmp = new Icmpv4Packet().wrap(buffer, IP_HEADER, ICMP_LENGTH);
            icmp.setType(13);
            icmp.setCode(1);
            icmp.setIdentifier(0xbeef);
            icmp.setSequenceNumber(0xfffe);
            icmp.fillChecksum();
            assertEquals(13, icmp.type());
            assertEquals(1, icmp.code());
            assertEquals(0xbeef, icmp.identifier());
            assertEquals(0xfffe, icmp.sequenceNumber());
            assertTrue(icmp.verifyChecksum());
        } finally {
            assertTrue(buffer.release());
        }
    }
}
