package io.tunstack.stack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.tunstack.stack.address.InterfaceAddress;
import io.tunstack.stack.config.StackConfig;
import io.tunstack.stack.ip.IpIdGenerator;
import io.tunstack.stack.verdict.Answer;
import io.tunstack.stack.verdict.StackCounters;
import io.tunstack.stack.verdict.Verdict;
import io.tunstack.stack.wire.IpProtocol;
import io.tunstack.stack.wire.Ipv4Packet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The echo path end to end inside the stack, from the captured request to the kernel's own reply. */
@ExtendWith(LeakDetection.class)
class NetworkStackEchoTest {

    private static final Verdict ECHO_REPLY = Verdict.answered(Answer.ICMPV4_ECHO_REPLY);

    private final List<int[]> idRequests = new ArrayList<>();
    private final IpIdGenerator kernelsId = (destination, source, protocol) -> {
        idRequests.add(new int[] {destination, source, protocol});
        return CapturedPackets.ECHO_REPLY_LOOPBACK_ID;
    };
    private final StackCounters counters = new StackCounters();
    private final NetworkStack stack = new NetworkStack(CapturedPackets.loopbackConfig(), counters,
            TestEnvironment.fixed(kernelsId, () -> 0L));
    private final RecordingTransmitter tx = new RecordingTransmitter();

    @Test
    void answersTheCapturedRequestWithTheKernelsReplyByteForByte() {
        ByteBuf packet = CapturedPackets.echoRequestLoopback();
        try {
            assertEquals(ECHO_REPLY, stack.receive(packet, tx));
            assertArrayEquals(CapturedPackets.ECHO_REPLY_LOOPBACK, tx.single());
            assertEquals(1, idRequests.size());
            assertArrayEquals(new int[] {0x7F000001, 0x7F000001, IpProtocol.ICMP}, idRequests.get(0));
        } finally {
            assertTrue(packet.release());
        }
        assertEquals(0, packet.refCnt());
        assertEquals(1, counters.received());
        assertEquals(1, counters.transmitted());
        assertEquals(1, counters.sent(Answer.ICMPV4_ECHO_REPLY));
        assertEquals(1, counters.answered(Answer.ICMPV4_ECHO_REPLY));
        assertEquals(0, counters.droppedTotal());
    }

    @Test
    void buildsTheReplyInTheRequestsOwnPooledDirectBuffer() {
        ByteBuf packet = PooledByteBufAllocator.DEFAULT.directBuffer(2048);
        List<ByteBuf> seen = new ArrayList<>();
        try {
            packet.writeBytes(CapturedPackets.ECHO_REQUEST_LOOPBACK);
            assertEquals(ECHO_REPLY, stack.receive(packet, reply -> {
                seen.add(reply);
                assertArrayEquals(CapturedPackets.ECHO_REPLY_LOOPBACK, ByteBufUtil.getBytes(reply));
            }));
            assertEquals(1, seen.size());
            assertSame(packet, seen.get(0), "the reply is the request's buffer, rewritten in place");
        } finally {
            assertTrue(packet.release());
        }
        assertEquals(0, packet.refCnt());
    }

    @Test
    void trimsLinkPaddingBeyondTotalLength() {
        byte[] padded = Arrays.copyOf(CapturedPackets.ECHO_REQUEST_LOOPBACK, 84 + 10);
        ByteBuf packet = CapturedPackets.copy(padded);
        try {
            assertEquals(ECHO_REPLY, stack.receive(packet, tx));
            assertArrayEquals(CapturedPackets.ECHO_REPLY_LOOPBACK, tx.single());
        } finally {
            assertTrue(packet.release());
        }
    }

    @Test
    void answersAtANonZeroReaderIndex() {
        ByteBuf packet = PooledByteBufAllocator.DEFAULT.directBuffer(128).writeZero(13)
                .writeBytes(CapturedPackets.ECHO_REQUEST_LOOPBACK);
        packet.readerIndex(13);
        try {
            assertEquals(ECHO_REPLY, stack.receive(packet, tx));
            assertArrayEquals(CapturedPackets.ECHO_REPLY_LOOPBACK, tx.single());
        } finally {
            assertTrue(packet.release());
        }
    }

    @Test
    void replyHasTtl64AndNoDfWhateverTheRequestHad() {
        ByteBuf packet = CapturedPackets.echoRequestLoopback();
        try {
            Ipv4Packet request = Ipv4Packet.newUnchecked(packet);
            request.setTtl(1);
            request.setDontFragment(false);
            request.fillHeaderChecksum();
            assertEquals(ECHO_REPLY, stack.receive(packet, tx));
            assertArrayEquals(CapturedPackets.ECHO_REPLY_LOOPBACK, tx.single());
        } finally {
            assertTrue(packet.release());
        }
    }

    @Test
    void dropsRequestOptionsFromTheReply() {
        // IHL 6: NOP, NOP, NOP, End of Option List. Linux echoes only Record Route, Timestamp and source routes.
        byte[] request = CapturedPackets.ECHO_REQUEST_LOOPBACK;
        byte[] withOptions = new byte[request.length + 4];
        System.arraycopy(request, 0, withOptions, 0, 20);
        System.arraycopy(CapturedPackets.hex("0101 0100"), 0, withOptions, 20, 4);
        System.arraycopy(request, 20, withOptions, 24, request.length - 20);
        ByteBuf packet = CapturedPackets.copy(withOptions);
        try {
            Ipv4Packet ip = Ipv4Packet.newUnchecked(packet);
            ip.setIhl(6);
            ip.setTotalLength(88);
            ip.fillHeaderChecksum();
            assertEquals(ECHO_REPLY, stack.receive(packet, tx));
            assertArrayEquals(CapturedPackets.ECHO_REPLY_LOOPBACK, tx.single());
        } finally {
            assertTrue(packet.release());
        }
    }

    @Test
    void answeredAddressBecomesTheReplySource() {
        StackConfig config = StackConfig.builder().address(InterfaceAddress.ipv4(0xAC151617, 24)).build();
        NetworkStack subnet = new NetworkStack(config, new StackCounters(), TestEnvironment.fixed(kernelsId, () -> 0L));
        ByteBuf packet = CapturedPackets.echoRequestLoopback();
        try {
            Ipv4Packet ip = Ipv4Packet.newUnchecked(packet);
            ip.setSourceAddress(0xAC151617); // 172.21.22.23, the kernel's side
            ip.setDestinationAddress(0xAC15161A); // 172.21.22.26
            ip.fillHeaderChecksum();
            assertEquals(ECHO_REPLY, subnet.receive(packet, tx));
            Ipv4Packet reply = Ipv4Packet.newUnchecked(Unpooled.wrappedBuffer(tx.single()));
            assertEquals(0xAC15161A, reply.sourceAddress());
            assertEquals(0xAC151617, reply.destinationAddress());
            assertTrue(reply.verifyHeaderChecksum());
            assertArrayEquals(Arrays.copyOfRange(CapturedPackets.ECHO_REPLY_LOOPBACK, 20, 84),
                    Arrays.copyOfRange(tx.single(), 20, 84), "ICMP part is independent of the addresses");
            reply.buffer().release();
        } finally {
            assertTrue(packet.release());
        }
    }
}
