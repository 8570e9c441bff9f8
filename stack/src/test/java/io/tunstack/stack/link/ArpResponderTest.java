package io.tunstack.stack.link;

import static io.tunstack.stack.wire.CapturedFrames.ARP_REPLY;
import static io.tunstack.stack.wire.CapturedFrames.ARP_REQUEST;
import static io.tunstack.stack.wire.CapturedFrames.CLIENT_MAC;
import static io.tunstack.stack.wire.CapturedFrames.GRATUITOUS_ARP;
import static io.tunstack.stack.wire.CapturedFrames.HOST_MAC;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.tunstack.stack.LeakDetection;
import io.tunstack.stack.RecordingTransmitter;
import io.tunstack.stack.address.Ipv4Address;
import io.tunstack.stack.verdict.Answer;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.verdict.Verdict;
import io.tunstack.stack.wire.CapturedIpv6Packets;
import io.tunstack.stack.wire.EthernetFrame;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ArpResponder} against the captured ARP frames: the kernel's request gets Linux's reply (padded to 60 bytes),
 * one broken field at a time gets its own drop, senders are learned as RFC 826's merge rule says.
 */
@ExtendWith(LeakDetection.class)
class ArpResponderTest {

    private static final int CLIENT = Ipv4Address.parse("172.21.22.23");
    private static final int HOST = Ipv4Address.parse("172.21.22.26");
    /** Offsets in a captured ARP frame, to break one field. */
    private static final int HARDWARE_TYPE = 14;
    private static final int PROTOCOL_TYPE = 16;
    private static final int HARDWARE_LENGTH = 18;
    private static final int PROTOCOL_LENGTH = 19;
    private static final int OPERATION = 20;
    private static final int SENDER_MAC = 22;
    private static final int SENDER_IP = 28;
    private static final int TARGET_IP = 38;

    private final LinkFixture fixture = new LinkFixture(0, "172.21.22.30 down", "172.21.22.31 flap 10s 5s");
    private final NeighbourCache cache = new NeighbourCache(fixture.clock);
    private final ByteBuf frameBuffer = PooledByteBufAllocator.DEFAULT.directBuffer(EthernetFrame.MIN_FRAME_LENGTH);
    private final ArpResponder responder = new ArpResponder(fixture.macs, cache, frameBuffer);
    private final RecordingTransmitter tx = new RecordingTransmitter();

    @AfterEach
    void release() {
        assertTrue(frameBuffer.release());
        fixture.close();
    }

    private Verdict receive(byte[] bytes) {
        ByteBuf frame = LinkFixture.frame(bytes);
        try {
            frame.readerIndex(EthernetFrame.HEADER_LENGTH);
            return responder.receive(frame, tx);
        } finally {
            assertTrue(frame.release());
        }
    }

    private static byte[] with(byte[] frame, Consumer<byte[]> change) {
        byte[] copy = frame.clone();
        change.accept(copy);
        return copy;
    }

    private static void setInt(byte[] bytes, int offset, int value) {
        bytes[offset] = (byte) (value >>> 24);
        bytes[offset + 1] = (byte) (value >>> 16);
        bytes[offset + 2] = (byte) (value >>> 8);
        bytes[offset + 3] = (byte) value;
    }

    @Test
    void theKernelsRequestGetsLinuxsReplyPaddedTo60Bytes() {
        assertEquals(Verdict.answered(Answer.ARP_REPLY), receive(ARP_REQUEST));
        assertArrayEquals(Arrays.copyOf(ARP_REPLY, EthernetFrame.MIN_FRAME_LENGTH), tx.single());
        assertEquals(CLIENT_MAC, cache.lookupIpv4(CLIENT), "RFC 826: the requester is learned");
    }

    @Test
    void aProfileMacAnswersInsteadOfTheDerivedOne() {
        try (LinkFixture withMac = new LinkFixture(0, "172.21.22.26 mac 02:11:22:33:44:55")) {
            ArpResponder own = new ArpResponder(withMac.macs, cache, frameBuffer);
            ByteBuf frame = LinkFixture.frame(ARP_REQUEST);
            try {
                frame.readerIndex(EthernetFrame.HEADER_LENGTH);
                assertEquals(Verdict.answered(Answer.ARP_REPLY), own.receive(frame, tx));
            } finally {
                frame.release();
            }
            byte[] reply = tx.single();
            assertEquals(0x021122334455L, EthernetFrame.newUnchecked(io.netty.buffer.Unpooled.wrappedBuffer(reply))
                    .source());
            assertEquals(0x02, reply[22], "sender hardware address");
            assertEquals(0x55, reply[27]);
        }
    }

    static Stream<Arguments> brokenFields() {
        return Stream.of(
                Arguments.of("truncated", Arrays.copyOf(ARP_REQUEST, ARP_REQUEST.length - 1),
                        DropReason.ARP_TRUNCATED),
                Arguments.of("hardware length 8", with(ARP_REQUEST, b -> b[HARDWARE_LENGTH] = 8),
                        DropReason.ARP_BAD_HARDWARE_LENGTH),
                Arguments.of("protocol length 16", with(ARP_REQUEST, b -> b[PROTOCOL_LENGTH] = 16),
                        DropReason.ARP_BAD_PROTOCOL_LENGTH),
                Arguments.of("hardware type 2 (Experimental Ethernet)", with(ARP_REQUEST, b -> b[HARDWARE_TYPE + 1] = 2),
                        DropReason.ARP_BAD_HARDWARE_TYPE),
                Arguments.of("protocol type IPv6", with(ARP_REQUEST, b -> {
                    b[PROTOCOL_TYPE] = (byte) 0x86;
                    b[PROTOCOL_TYPE + 1] = (byte) 0xdd;
                }), DropReason.ARP_BAD_PROTOCOL_TYPE),
                Arguments.of("operation 3 (RARP request)", with(ARP_REQUEST, b -> b[OPERATION + 1] = 3),
                        DropReason.ARP_BAD_OPERATION),
                Arguments.of("operation 0", with(ARP_REQUEST, b -> b[OPERATION + 1] = 0),
                        DropReason.ARP_BAD_OPERATION),
                Arguments.of("sender MAC multicast", with(ARP_REQUEST, b -> b[SENDER_MAC] = 0x01),
                        DropReason.ARP_BAD_SENDER_HARDWARE_ADDRESS),
                Arguments.of("sender MAC zero", with(ARP_REQUEST, b -> Arrays.fill(b, SENDER_MAC, SENDER_MAC + 6,
                        (byte) 0)), DropReason.ARP_BAD_SENDER_HARDWARE_ADDRESS),
                Arguments.of("target multicast", with(ARP_REQUEST, b -> setInt(b, TARGET_IP,
                        Ipv4Address.parse("224.0.0.1"))), DropReason.ARP_BAD_TARGET),
                Arguments.of("target loopback", with(ARP_REQUEST, b -> setInt(b, TARGET_IP, Ipv4Address.LOOPBACK)),
                        DropReason.ARP_BAD_TARGET),
                Arguments.of("sender is a virtual host", with(ARP_REQUEST, b -> setInt(b, SENDER_IP,
                        Ipv4Address.parse("172.21.22.27"))), DropReason.ARP_SENDER_IS_HOST),
                Arguments.of("target not answered", with(ARP_REQUEST, b -> setInt(b, TARGET_IP,
                        Ipv4Address.parse("172.21.22.99"))), DropReason.ARP_NOT_ANSWERED),
                Arguments.of("target is the kernel's own", with(ARP_REQUEST, b -> setInt(b, TARGET_IP, CLIENT)),
                        DropReason.ARP_NOT_ANSWERED),
                Arguments.of("target down", with(ARP_REQUEST, b -> setInt(b, TARGET_IP,
                        Ipv4Address.parse("172.21.22.30"))), DropReason.ARP_HOST_DOWN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFields")
    void oneBrokenFieldOneDropNothingSentNothingLearned(String name, byte[] frame, DropReason reason) {
        assertEquals(Verdict.dropped(reason), receive(frame));
        assertEquals(0, tx.packets().size());
        assertEquals(0, cache.size());
        // The control: the captured request is still answered by the same responder.
        assertEquals(Verdict.answered(Answer.ARP_REPLY), receive(ARP_REQUEST));
    }

    @Test
    void ieee802HardwareTypeIsAcceptedAsLinuxDoes() {
        assertEquals(Verdict.answered(Answer.ARP_REPLY), receive(with(ARP_REQUEST, b -> b[HARDWARE_TYPE + 1] = 6)));
    }

    @Test
    void aFlappingHostAnswersOnlyWhileUp() {
        byte[] request = with(ARP_REQUEST, b -> setInt(b, TARGET_IP, Ipv4Address.parse("172.21.22.31")));
        assertEquals(Verdict.answered(Answer.ARP_REPLY), receive(request));
        fixture.clock.advance(Duration.ofSeconds(10));
        assertEquals(Verdict.dropped(DropReason.ARP_HOST_DOWN), receive(request));
        fixture.clock.advance(Duration.ofSeconds(5));
        assertEquals(Verdict.answered(Answer.ARP_REPLY), receive(request));
    }

    @Test
    void aProbeIsAnsweredToTheProberAndNotLearned() {
        // RFC 5227 2.1.1: sender IP 0.0.0.0. Linux answers a probe for its own address with target IP 0.0.0.0.
        byte[] probe = with(ARP_REQUEST, b -> setInt(b, SENDER_IP, 0));
        assertEquals(Verdict.answered(Answer.ARP_REPLY), receive(probe));
        byte[] expected = with(Arrays.copyOf(ARP_REPLY, EthernetFrame.MIN_FRAME_LENGTH),
                b -> setInt(b, TARGET_IP, 0));
        assertArrayEquals(expected, tx.single());
        assertEquals(0, cache.size());
    }

    @Test
    void aReplyToAHostIsLearnedAndNotAnswered() {
        // What the client answers when host .26 asked for .23: the captured reply with the roles swapped.
        byte[] reply = CapturedIpv6Packets.hex("0254 ac15 161a 5e2b 8015 346f 0806 0001 0800 0604 0002 5e2b 8015 346f"
                + " ac15 1617 0254 ac15 161a ac15 161a");
        assertEquals(Verdict.dropped(DropReason.ARP_REPLY_RECEIVED), receive(reply));
        assertEquals(0, tx.packets().size());
        assertEquals(CLIENT_MAC, cache.lookupIpv4(CLIENT));
    }

    @Test
    void aNeighboursGratuitousArpOnlyRefreshesWhatIsKnown() {
        // The client's own announcement: who-has .23 tell .23, to broadcast.
        byte[] announcement = with(GRATUITOUS_ARP, b -> {
            System.arraycopy(ARP_REQUEST, SENDER_MAC, b, 6, 6);
            System.arraycopy(ARP_REQUEST, SENDER_MAC, b, SENDER_MAC, 6);
            setInt(b, SENDER_IP, CLIENT);
            setInt(b, TARGET_IP, CLIENT);
        });
        assertEquals(Verdict.dropped(DropReason.ARP_NOT_ANSWERED), receive(announcement));
        assertEquals(NeighbourCache.UNKNOWN, cache.lookupIpv4(CLIENT), "RFC 826: not the target, nothing to merge");
        cache.learnIpv4(CLIENT, HOST_MAC);
        assertEquals(Verdict.dropped(DropReason.ARP_NOT_ANSWERED), receive(announcement));
        assertEquals(CLIENT_MAC, cache.lookupIpv4(CLIENT), "RFC 826: merged into the known entry");
    }

    @Test
    void aHostsOwnAddressAnnouncedByAnotherStationIsAConflict() {
        assertEquals(Verdict.dropped(DropReason.ARP_SENDER_IS_HOST), receive(GRATUITOUS_ARP));
        assertEquals(0, cache.size());
    }

    @Test
    void announceSendsLinuxsGratuitousArpPadded() {
        responder.announce(HOST, tx);
        assertArrayEquals(Arrays.copyOf(GRATUITOUS_ARP, EthernetFrame.MIN_FRAME_LENGTH), tx.single());
    }

    @Test
    void requestSendsLinuxsRequestPadded() {
        // The kernel's request for .26, as if .23 were a host of tunstack's asking.
        responder.request(CLIENT, CLIENT_MAC, HOST, tx);
        assertArrayEquals(Arrays.copyOf(ARP_REQUEST, EthernetFrame.MIN_FRAME_LENGTH), tx.single());
    }
}
