package io.tunstack.stack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tunstack.stack.address.InterfaceAddress;
import io.tunstack.stack.address.Ipv4Address;
import io.tunstack.stack.config.OpenPorts;
import io.tunstack.stack.config.StackConfig;
import io.tunstack.stack.verdict.Answer;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.verdict.StackCounters;
import io.tunstack.stack.verdict.StackEvent;
import io.tunstack.stack.verdict.Verdict;
import io.tunstack.stack.wire.Checksum;
import io.tunstack.stack.wire.IpProtocol;
import io.tunstack.stack.wire.Ipv4Packet;
import io.tunstack.stack.wire.TcpPacket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A TCP port opened with {@code --open}: the handshake, tunstack's close and the peer's, as a state table walked
 * segment by segment from the SYN a Linux client sent (RFC 9293 3.10.7), with the retransmissions a manual clock
 * makes due.
 */
@ExtendWith(LeakDetection.class)
class NetworkStackOpenPortTest {

    private static final int CLIENT = Ipv4Address.parse("172.21.22.23");
    private static final int HOST = Ipv4Address.parse("172.21.22.26");
    private static final int CLIENT_PORT = 0xd26c;
    private static final int OPEN_PORT = 2222;
    /** The client's ISN in {@link CapturedTransportPackets#SYN_TO_OPEN_PORT_V4}. */
    private static final int CLIENT_ISN = 0x10cfad6c;

    private final StackCounters counters = new StackCounters();
    private final RecordingTransmitter tx = new RecordingTransmitter();
    private final TestEnvironment.ManualNanoClock clock = new TestEnvironment.ManualNanoClock();
    private NetworkStack stack = stack(4096);

    private NetworkStack stack(int connections) {
        return new NetworkStack(StackConfig.builder().address(InterfaceAddress.parse("172.21.22.23/24"))
                .openPorts(OpenPorts.parse(OPEN_PORT + "/tcp")).tcpConnections(connections).build(), counters,
                TestEnvironment.fixed((destination, source, protocol) -> 1, clock));
    }

    @AfterEach
    void closeStack() {
        stack.close();
    }

    private Verdict receive(byte[] packet) {
        return tx.receiveInto(stack, packet);
    }

    private void advance(Duration duration) {
        clock.advance(duration);
        stack.poll(clock.getAsLong(), tx);
    }

    /** The last packet sent, as a TCP view over a copy (released by the leak check's GC; heap, unpooled). */
    private Segment last() {
        return new Segment(tx.packets().get(tx.packets().size() - 1));
    }

    /** The SYN+ACK to the captured SYN; returns tunstack's ISN. */
    private int handshakeStart() {
        assertEquals(Verdict.answered(Answer.TCP_SYN_ACK), receive(CapturedTransportPackets.SYN_TO_OPEN_PORT_V4));
        Segment synAck = last();
        assertEquals(TcpPacket.SYN | TcpPacket.ACK, synAck.tcp.flags());
        return synAck.sequence();
    }

    @Test
    void theSynGetsASynAckWithMssFromTheAnsweredAddress() {
        handshakeStart();
        Segment synAck = last();
        assertEquals(HOST, synAck.ip.sourceAddress());
        assertEquals(CLIENT, synAck.ip.destinationAddress());
        assertTrue(synAck.ip.dontFragment(), "DF, as Linux's SYN+ACK");
        assertEquals(0, synAck.ip.identification());
        assertEquals(64, synAck.ip.ttl());
        assertEquals(OPEN_PORT, synAck.tcp.sourcePort());
        assertEquals(CLIENT_PORT, synAck.tcp.destinationPort());
        assertEquals(CLIENT_ISN + 1, synAck.acknowledgment(), "acknowledges the SYN");
        assertEquals(24, synAck.tcp.headerLength());
        assertArrayEquals(new byte[] {2, 4, 0x05, (byte) 0xB4}, synAck.options(), "MSS 1460 = 1500 - 40");
        assertEquals(64240, synAck.tcp.window(), "Linux's initial window without scaling: 44 x 1460");
        assertTrue(synAck.checksumsValid());
        assertEquals(1, counters.sent(Answer.TCP_SYN_ACK));
    }

    @Test
    void theHandshakeIsAcceptedAndClosedInOrder() {
        int iss = handshakeStart();
        // ESTABLISHED, then tunstack closes: the ACK that completes the handshake gets FIN+ACK at once.
        assertEquals(Verdict.answered(Answer.TCP_FIN), receive(segment(CLIENT_ISN + 1, iss + 1, TcpPacket.ACK)));
        Segment fin = last();
        assertEquals(TcpPacket.FIN | TcpPacket.ACK, fin.tcp.flags());
        assertEquals(iss + 1, fin.sequence());
        assertEquals(CLIENT_ISN + 1, fin.acknowledgment());
        assertEquals(20, fin.tcp.headerLength());
        assertTrue(fin.checksumsValid());
        assertEquals(1, counters.events(StackEvent.TCP_CONNECTION_ACCEPTED));
        // FIN-WAIT-1 -> FIN-WAIT-2: the peer acknowledges the FIN; nothing to answer.
        assertEquals(Verdict.dropped(DropReason.TCP_ACK_CONSUMED),
                receive(segment(CLIENT_ISN + 1, iss + 2, TcpPacket.ACK)));
        // FIN-WAIT-2 -> TIME-WAIT: the peer's FIN is acknowledged.
        assertEquals(Verdict.answered(Answer.TCP_ACK),
                receive(segment(CLIENT_ISN + 1, iss + 2, TcpPacket.FIN | TcpPacket.ACK)));
        Segment ack = last();
        assertEquals(TcpPacket.ACK, ack.tcp.flags());
        assertEquals(iss + 2, ack.sequence());
        assertEquals(CLIENT_ISN + 2, ack.acknowledgment());
        assertEquals(1, counters.events(StackEvent.TCP_CONNECTION_CLOSED));
        // TIME-WAIT: a retransmitted FIN is acknowledged again.
        assertEquals(Verdict.answered(Answer.TCP_ACK),
                receive(segment(CLIENT_ISN + 1, iss + 2, TcpPacket.FIN | TcpPacket.ACK)));
        int sent = tx.packets().size();
        advance(Duration.ofSeconds(61));
        assertEquals(sent, tx.packets().size(), "nothing retransmitted after the close");
        assertEquals(Long.MAX_VALUE, stack.nextDeadline(), "TIME-WAIT ended, no timer left");
    }

    @Test
    void thePeersFinWithTheHandshakesAckIsAcknowledgedByTunstacksFin() {
        int iss = handshakeStart();
        // The peer closes first (CLOSE-WAIT, then tunstack's close: LAST-ACK): one FIN+ACK acknowledges its FIN.
        assertEquals(Verdict.answered(Answer.TCP_FIN),
                receive(segment(CLIENT_ISN + 1, iss + 1, TcpPacket.FIN | TcpPacket.ACK)));
        assertEquals(CLIENT_ISN + 2, last().acknowledgment());
        assertEquals(Verdict.dropped(DropReason.TCP_ACK_CONSUMED),
                receive(segment(CLIENT_ISN + 2, iss + 2, TcpPacket.ACK)));
        assertEquals(1, counters.events(StackEvent.TCP_CONNECTION_CLOSED));
        assertEquals(Long.MAX_VALUE, stack.nextDeadline());
    }

    @Test
    void dataWithTheHandshakesAckIsAcknowledgedWithTheFin() {
        int iss = handshakeStart();
        byte[] withData = segment(CLIENT_ISN + 1, iss + 1, TcpPacket.ACK | TcpPacket.PSH, "hello\n".getBytes());
        assertEquals(Verdict.answered(Answer.TCP_FIN), receive(withData));
        assertEquals(CLIENT_ISN + 1 + 6, last().acknowledgment());
    }

    @Test
    void dataAfterTunstacksFinIsResetAsLinuxResetsAClosedSocket() {
        int iss = handshakeStart();
        receive(segment(CLIENT_ISN + 1, iss + 1, TcpPacket.ACK));
        assertEquals(Verdict.answered(Answer.TCP_RST),
                receive(segment(CLIENT_ISN + 1, iss + 2, TcpPacket.ACK | TcpPacket.PSH, "late".getBytes())));
        Segment reset = last();
        assertEquals(TcpPacket.RST, reset.tcp.flags());
        assertEquals(iss + 2, reset.sequence());
        advance(Duration.ofSeconds(10));
        assertEquals(Long.MAX_VALUE, stack.nextDeadline(), "the connection is gone");
    }

    @Test
    void aLostSynAckIsRetransmittedFiveTimesThenForgotten() {
        int iss = handshakeStart();
        long[] waits = {1, 2, 4, 8, 16};
        for (long wait : waits) {
            advance(Duration.ofMillis(wait * 1000 - 1));
            int before = tx.packets().size();
            advance(Duration.ofMillis(1));
            assertEquals(before + 1, tx.packets().size(), "a retransmission after " + wait + " s");
            Segment synAck = last();
            assertEquals(TcpPacket.SYN | TcpPacket.ACK, synAck.tcp.flags());
            assertEquals(iss, synAck.sequence());
            assertTrue(synAck.checksumsValid());
            assertEquals(24, synAck.tcp.headerLength());
        }
        assertEquals(5, counters.events(StackEvent.TCP_SYN_ACK_RETRANSMITTED));
        advance(Duration.ofSeconds(32));
        assertEquals(1, counters.events(StackEvent.TCP_CONNECTION_TIMED_OUT));
        assertEquals(Long.MAX_VALUE, stack.nextDeadline());
        assertEquals(6, counters.sent(Answer.TCP_SYN_ACK));
        assertEquals(counters.transmitted(), tx.packets().size(), "every packet sent is counted");
    }

    @Test
    void aLostFinIsRetransmittedWithBackoffAndNeverAfterTheResetOfThePeer() {
        int iss = handshakeStart();
        receive(segment(CLIENT_ISN + 1, iss + 1, TcpPacket.ACK));
        advance(Duration.ofMillis(200));
        Segment fin = last();
        assertEquals(TcpPacket.FIN | TcpPacket.ACK, fin.tcp.flags());
        assertEquals(iss + 1, fin.sequence());
        assertTrue(fin.checksumsValid());
        assertEquals(1, counters.events(StackEvent.TCP_FIN_RETRANSMITTED));
        assertEquals(Verdict.dropped(DropReason.TCP_RST_ACCEPTED),
                receive(segment(CLIENT_ISN + 1, 0, TcpPacket.RST)));
        int sent = tx.packets().size();
        advance(Duration.ofSeconds(100));
        assertEquals(sent, tx.packets().size(), "no retransmission after the peer's reset");
        assertEquals(1, counters.events(StackEvent.TCP_CONNECTION_RESET));
    }

    @Test
    void aFinNeverAcknowledgedIsGivenUpAfterEightRetransmissions() {
        int iss = handshakeStart();
        receive(segment(CLIENT_ISN + 1, iss + 1, TcpPacket.ACK));
        for (int i = 0; i < 20; i++) {
            advance(Duration.ofSeconds(60));
        }
        assertEquals(8, counters.events(StackEvent.TCP_FIN_RETRANSMITTED));
        assertEquals(1, counters.events(StackEvent.TCP_CONNECTION_TIMED_OUT));
    }

    @Test
    void aResetOutsideTheWindowIsIgnored() {
        int iss = handshakeStart();
        receive(segment(CLIENT_ISN + 1, iss + 1, TcpPacket.ACK));
        assertEquals(Verdict.dropped(DropReason.TCP_RST_IGNORED),
                receive(segment(CLIENT_ISN + 1 + 70_000, 0, TcpPacket.RST)));
        advance(Duration.ofMillis(200));
        assertEquals(1, counters.events(StackEvent.TCP_FIN_RETRANSMITTED), "the connection is still there");
    }

    @Test
    void aForgedAckIsRefusedWithAReset() {
        // No connection, and an acknowledgment that is no cookie: RFC 9293 3.10.7.2 "<SEQ=SEG.ACK><CTL=RST>".
        assertEquals(Verdict.answered(Answer.TCP_RST), receive(segment(1000, 0x12345678, TcpPacket.ACK)));
        assertEquals(TcpPacket.RST, last().tcp.flags());
        assertEquals(0x12345678, last().sequence());
        assertEquals(0, counters.events(StackEvent.TCP_CONNECTION_ACCEPTED));
    }

    @Test
    void aFullTableHandsOverToSynCookies() {
        stack.close();
        stack = stack(1);
        int first = handshakeStart();
        // A second handshake finds the one-entry table full: still a SYN+ACK, with a cookie and no state.
        byte[] secondSyn = segment(CLIENT_PORT + 1, 5000, 0, TcpPacket.SYN, new byte[0]);
        assertEquals(Verdict.answered(Answer.TCP_SYN_ACK), receive(secondSyn));
        int cookie = last().sequence();
        assertEquals(1, counters.events(StackEvent.TCP_TABLE_FULL));
        // The cookie alone completes it.
        assertEquals(Verdict.answered(Answer.TCP_FIN),
                receive(segment(CLIENT_PORT + 1, 5001, cookie + 1, TcpPacket.ACK, new byte[0])));
        assertEquals(1, counters.events(StackEvent.TCP_CONNECTION_FROM_COOKIE));
        assertEquals(2, counters.events(StackEvent.TCP_TABLE_FULL), "and its close is not tracked either");
        assertNotEquals(first, cookie);
    }

    @Test
    void aStaleCookieIsRefused() {
        stack.close();
        stack = stack(1);
        handshakeStart();
        byte[] secondSyn = segment(CLIENT_PORT + 1, 5000, 0, TcpPacket.SYN, new byte[0]);
        receive(secondSyn);
        int cookie = last().sequence();
        clock.advance(Duration.ofSeconds(200));
        assertEquals(Verdict.answered(Answer.TCP_RST),
                receive(segment(CLIENT_PORT + 1, 5001, cookie + 1, TcpPacket.ACK, new byte[0])));
        assertEquals(0, counters.events(StackEvent.TCP_CONNECTION_FROM_COOKIE));
    }

    @Test
    void aSynFloodFillsTheTableAndNoMore() {
        stack.close();
        stack = stack(64);
        for (int port = 1; port <= 1000; port++) {
            assertEquals(Verdict.answered(Answer.TCP_SYN_ACK),
                    receive(segment(port, port * 7919, 0, TcpPacket.SYN, new byte[0])));
        }
        assertEquals(1000 - 64, counters.events(StackEvent.TCP_TABLE_FULL));
        assertEquals(1000, tx.packets().size(), "one answer per SYN, never more");
        advance(Duration.ofSeconds(1));
        assertEquals(1000 + 64, tx.packets().size(), "only the tracked handshakes are retransmitted");
    }

    @Test
    void segmentsWithoutSynOrAckToAnOpenPortAreDiscardedAsByAListener() {
        assertEquals(Verdict.dropped(DropReason.TCP_LISTEN_NO_SYN), receive(segment(7, 0, TcpPacket.FIN)));
        assertEquals(Verdict.dropped(DropReason.TCP_RST_IGNORED), receive(segment(7, 0, TcpPacket.RST)));
        assertEquals(Verdict.dropped(DropReason.TCP_SYN_FIN), receive(segment(7, 0, TcpPacket.SYN | TcpPacket.FIN)));
        assertEquals(0, tx.packets().size());
    }

    private static byte[] segment(int sequence, int acknowledgment, int flags) {
        return segment(CLIENT_PORT, sequence, acknowledgment, flags, new byte[0]);
    }

    private static byte[] segment(int sequence, int acknowledgment, int flags, byte[] data) {
        return segment(CLIENT_PORT, sequence, acknowledgment, flags, data);
    }

    /** An IPv4 TCP segment from the client to the open port, checksums filled. */
    private static byte[] segment(int fromPort, int sequence, int acknowledgment, int flags, byte[] data) {
        int length = Ipv4Packet.MIN_HEADER_LENGTH + TcpPacket.MIN_HEADER_LENGTH + data.length;
        ByteBuf buffer = Unpooled.buffer(length).writerIndex(length);
        Ipv4Packet ip = new Ipv4Packet().wrap(buffer);
        ip.setVersion(4);
        ip.setIhl(5);
        ip.setTotalLength(length);
        ip.setDontFragment(true);
        ip.setTtl(64);
        ip.setProtocol(IpProtocol.TCP);
        ip.setSourceAddress(CLIENT);
        ip.setDestinationAddress(HOST);
        ip.fillHeaderChecksum();
        TcpPacket tcp = new TcpPacket().wrap(buffer, ip.payloadOffset(), length - Ipv4Packet.MIN_HEADER_LENGTH);
        tcp.setSourcePort(fromPort);
        tcp.setDestinationPort(OPEN_PORT);
        tcp.setSequenceNumber(Integer.toUnsignedLong(sequence));
        tcp.setAcknowledgmentNumber(Integer.toUnsignedLong(acknowledgment));
        tcp.setDataOffset(5);
        tcp.setFlags(flags);
        tcp.setWindow(502);
        buffer.setBytes(ip.payloadOffset() + TcpPacket.MIN_HEADER_LENGTH, data);
        tcp.fillChecksum(Checksum.ipv4PseudoHeaderSum(CLIENT, HOST, IpProtocol.TCP, tcp.length()));
        byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }

    /** A sent IPv4 TCP segment, read through the views. */
    private static final class Segment {
        final Ipv4Packet ip;
        final TcpPacket tcp;

        Segment(byte[] bytes) {
            ByteBuf buffer = Unpooled.wrappedBuffer(bytes);
            ip = new Ipv4Packet().wrap(buffer);
            assertEquals(null, ip.checkLength());
            assertEquals(IpProtocol.TCP, ip.protocol());
            tcp = new TcpPacket().wrap(buffer, ip.payloadOffset(), ip.payloadLength());
            assertEquals(null, tcp.checkLength());
        }

        int sequence() {
            return (int) tcp.sequenceNumber();
        }

        int acknowledgment() {
            return (int) tcp.acknowledgmentNumber();
        }

        byte[] options() {
            byte[] options = new byte[tcp.headerLength() - TcpPacket.MIN_HEADER_LENGTH];
            tcp.buffer().getBytes(tcp.optionsOffset(), options);
            return options;
        }

        boolean checksumsValid() {
            return ip.verifyHeaderChecksum() && tcp.verifyChecksum(Checksum.ipv4PseudoHeaderSum(ip.sourceAddress(),
                    ip.destinationAddress(), IpProtocol.TCP, ip.payloadLength()));
        }
    }

}
