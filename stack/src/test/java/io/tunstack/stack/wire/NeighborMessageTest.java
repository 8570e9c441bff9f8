package io.tunstack.stack.wire;

import static io.tunstack.stack.wire.CapturedNdpFrames.MAC_A;
import static io.tunstack.stack.wire.CapturedNdpFrames.MAC_B;
import static io.tunstack.stack.wire.CapturedNdpFrames.NA_SOLICITED;
import static io.tunstack.stack.wire.CapturedNdpFrames.NA_TO_PROBE;
import static io.tunstack.stack.wire.CapturedNdpFrames.NS_DAD;
import static io.tunstack.stack.wire.CapturedNdpFrames.NS_RESOLVE;
import static io.tunstack.stack.wire.CapturedNdpFrames.PREFIX;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.tunstack.stack.LeakDetection;
import io.tunstack.stack.verdict.DropReason;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The neighbor discovery views over the real frames of {@link CapturedNdpFrames}. */
@ExtendWith(LeakDetection.class)
class NeighborMessageTest {

    private static final int ETHERNET = EthernetFrame.HEADER_LENGTH;
    private static final int MESSAGE = ETHERNET + Ipv6Packet.HEADER_LENGTH;
    private static final byte FILL = (byte) 0xa5;

    @Test
    void deconstructsTheSolicitationThatResolves() {
        ByteBuf frame = CapturedNdpFrames.copy(NS_RESOLVE);
        try {
            NeighborMessage ns = message(frame);
            assertNull(ns.checkLength());
            assertEquals(32, ns.length());
            assertEquals(Icmpv6Type.NEIGHBOR_SOLICITATION, ns.type());
            assertEquals(0, ns.code());
            assertEquals(0, ns.flagsAndReserved());
            assertEquals(PREFIX, ns.targetHigh());
            assertEquals(0x26, ns.targetLow());
            assertEquals(MESSAGE + NeighborMessage.LENGTH, ns.optionsOffset());
            assertEquals(MESSAGE + 32, ns.end());
            assertTrue(ns.verifyChecksum(ip(frame).pseudoHeaderSum(ns.length(), IpProtocol.ICMPV6)));
            assertFalse(ns.verifyChecksum(ip(frame).pseudoHeaderSum(ns.length() + 1, IpProtocol.ICMPV6)));
            assertEquals("ICMP6, neighbor solicitation, who has fd00:172:21:22::26, length 32", ns.summary());
        } finally {
            assertTrue(frame.release());
        }
    }

    @Test
    void deconstructsTheSolicitedAdvertisement() {
        ByteBuf frame = CapturedNdpFrames.copy(NA_SOLICITED);
        try {
            NeighborMessage na = message(frame);
            assertNull(na.checkLength());
            assertEquals(Icmpv6Type.NEIGHBOR_ADVERTISEMENT, na.type());
            assertFalse(na.router());
            assertTrue(na.solicited());
            assertTrue(na.override());
            assertEquals(0x6000_0000, na.flagsAndReserved());
            assertEquals(0x26, na.targetLow());
            assertTrue(na.verifyChecksum(ip(frame).pseudoHeaderSum(na.length(), IpProtocol.ICMPV6)));
            assertEquals("ICMP6, neighbor advertisement, tgt is fd00:172:21:22::26, Flags [solicited, override],"
                    + " length 32", na.summary());
            assertEquals(0, NeighborMessage.ROUTER_FIELD.value(frame, na.base()));
            assertEquals(1, NeighborMessage.SOLICITED_FIELD.value(frame, na.base()));
            assertEquals(1, NeighborMessage.OVERRIDE_FIELD.value(frame, na.base()));
            assertEquals(0, NeighborMessage.ADVERTISEMENT_RESERVED_FIELD.value(frame, na.base()));
            assertEquals(na.checksum(), NeighborMessage.CHECKSUM_FIELD.value(frame, na.base()));
            assertTrue(NeighborMessage.TARGET_ADDRESS_FIELD.sameValue(frame, na.base(), frame, na.base()));
        } finally {
            assertTrue(frame.release());
        }
    }

    @Test
    void theUnicastAnswerHasOnlyTheSolicitedFlagAndNoOption() {
        ByteBuf frame = CapturedNdpFrames.copy(NA_TO_PROBE);
        try {
            NeighborMessage na = message(frame);
            assertEquals(NeighborMessage.LENGTH, na.length());
            assertEquals(na.end(), na.optionsOffset());
            assertTrue(na.solicited());
            assertFalse(na.override());
            assertEquals("ICMP6, neighbor advertisement, tgt is fd00:172:21:22::23, Flags [solicited], length 24",
                    na.summary());
        } finally {
            assertTrue(frame.release());
        }
    }

    @Test
    void constructsTheAdvertisementLinuxSent() {
        ByteBuf buffer = Unpooled.buffer(NA_SOLICITED.length);
        try {
            buffer.writeBytes(NA_SOLICITED, 0, MESSAGE);
            while (buffer.writerIndex() < NA_SOLICITED.length) {
                buffer.writeByte(FILL);
            }
            NeighborMessage na = new NeighborMessage().wrap(buffer, MESSAGE, NA_SOLICITED.length - MESSAGE);
            na.setType(Icmpv6Type.NEIGHBOR_ADVERTISEMENT);
            na.setCode(0);
            na.setFlags(false, true, true);
            na.setTarget(PREFIX, 0x26);
            assertEquals(NA_SOLICITED.length, NdpOption.writeEthernetAddress(buffer, na.optionsOffset(),
                    NdpOption.TARGET_LINK_LAYER_ADDRESS, MAC_B));
            na.fillChecksum(ip(buffer).pseudoHeaderSum(na.length(), IpProtocol.ICMPV6));
            assertEquals(ByteBufUtil.hexDump(NA_SOLICITED), ByteBufUtil.hexDump(buffer));
            assertEquals(0, buffer.readerIndex(), "setters move no index");
        } finally {
            assertTrue(buffer.release());
        }
    }

    @Test
    void aMessageShorterThan24BytesIsTruncated() {
        ByteBuf frame = CapturedNdpFrames.copy(NA_TO_PROBE);
        try {
            NeighborMessage na = new NeighborMessage().wrap(frame, MESSAGE, NeighborMessage.LENGTH - 1);
            assertEquals(DropReason.NDP_TRUNCATED, na.checkLength());
            assertEquals("ICMP6 truncated (ndp-truncated), length 23", na.summary());
            assertNull(na.wrap(frame, MESSAGE, NeighborMessage.LENGTH).checkLength());
        } finally {
            assertTrue(frame.release());
        }
    }

    // ---- Options

    @Test
    void readsTheSourceLinkLayerAddressOption() {
        ByteBuf frame = CapturedNdpFrames.copy(NS_RESOLVE);
        try {
            NeighborMessage ns = message(frame);
            NdpOption option = new NdpOption().wrap(frame, ns.optionsOffset(), ns.end());
            assertTrue(option.hasCurrent());
            assertNull(option.checkLength());
            assertEquals(NdpOption.SOURCE_LINK_LAYER_ADDRESS, option.type());
            assertEquals(1, option.lengthUnits());
            assertEquals(8, option.byteLength());
            assertTrue(option.isEthernetAddressLength());
            assertEquals(MAC_A, option.linkLayerAddress());
            assertEquals(MAC_A, NdpOption.LINK_LAYER_ADDRESS_FIELD.value(frame, option.offset()));
            option.next();
            assertFalse(option.hasCurrent());
        } finally {
            assertTrue(frame.release());
        }
    }

    @Test
    void walksOverTheNonceOfLinuxsDadProbe() {
        ByteBuf frame = CapturedNdpFrames.copy(NS_DAD);
        try {
            NeighborMessage ns = message(frame);
            NdpOption option = new NdpOption().wrap(frame, ns.optionsOffset(), ns.end());
            assertNull(option.checkLength());
            assertEquals(CapturedNdpFrames.NONCE_OPTION, option.type(), "RFC 3971 5.3.2, RFC 7527");
            assertEquals(1, option.lengthUnits());
            option.next();
            assertFalse(option.hasCurrent());
            assertEquals(ns.end(), option.offset());
        } finally {
            assertTrue(frame.release());
        }
    }

    @Test
    void writesTheOptionLinuxWrote() {
        ByteBuf buffer = Unpooled.buffer(16).writeZero(16);
        try {
            Arrays.fill(buffer.array(), FILL);
            assertEquals(11, NdpOption.writeEthernetAddress(buffer, 3, NdpOption.SOURCE_LINK_LAYER_ADDRESS, MAC_A));
            assertArrayEquals(Arrays.copyOfRange(NS_RESOLVE, NS_RESOLVE.length - 8, NS_RESOLVE.length),
                    Arrays.copyOfRange(buffer.array(), 3, 11));
            assertEquals(FILL, buffer.getByte(2));
            assertEquals(FILL, buffer.getByte(11));
        } finally {
            assertTrue(buffer.release());
        }
    }

    @Test
    void anOptionOfLengthZeroIsInvalid() {
        assertEquals(DropReason.NDP_OPTION_ZERO_LENGTH, checkWithLength(0));
    }

    @Test
    void anOptionBeyondTheMessageIsTruncated() {
        assertEquals(DropReason.NDP_OPTION_TRUNCATED, checkWithLength(2));
    }

    @Test
    void oneByteLeftIsTooShortForAnOption() {
        ByteBuf frame = Unpooled.wrappedBuffer(NS_RESOLVE);
        NdpOption option = new NdpOption().wrap(frame, NS_RESOLVE.length - 1, NS_RESOLVE.length);
        assertTrue(option.hasCurrent());
        assertEquals(DropReason.NDP_OPTION_TRUNCATED, option.checkLength());
    }

    @Test
    void aSixteenByteLinkLayerOptionIsWholeButNotAnEthernetAddress() {
        ByteBuf frame = Unpooled.buffer(NS_RESOLVE.length + 8).writeBytes(NS_RESOLVE).writeZero(8);
        try {
            int offset = NS_RESOLVE.length - 8;
            frame.setByte(offset + 1, 2);
            NdpOption option = new NdpOption().wrap(frame, offset, frame.writerIndex());
            assertNull(option.checkLength());
            assertEquals(16, option.byteLength());
            assertFalse(option.isEthernetAddressLength());
        } finally {
            assertTrue(frame.release());
        }
    }

    /** The check of {@link CapturedNdpFrames#NS_RESOLVE}'s option with its Length set to {@code length}. */
    private static DropReason checkWithLength(int length) {
        ByteBuf frame = CapturedNdpFrames.copy(NS_RESOLVE);
        try {
            NeighborMessage message = message(frame);
            frame.setByte(message.optionsOffset() + 1, length);
            NdpOption option = new NdpOption().wrap(frame, message.optionsOffset(), message.end());
            assertEquals(NdpOption.SOURCE_LINK_LAYER_ADDRESS, option.type());
            assertEquals(length, option.lengthUnits());
            return option.checkLength();
        } finally {
            assertTrue(frame.release());
        }
    }

    private static Ipv6Packet ip(ByteBuf frame) {
        return new Ipv6Packet().wrap(frame, ETHERNET, frame.writerIndex() - ETHERNET);
    }

    private static NeighborMessage message(ByteBuf frame) {
        Ipv6Packet ip = ip(frame);
        return new NeighborMessage().wrap(frame, ip.payloadOffset(), ip.payloadLength());
    }
}
