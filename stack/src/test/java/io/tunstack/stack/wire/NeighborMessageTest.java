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
import static org.junit.jupiter.api.Assertions.assertThrows;
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

    @Test
    void theWalkKeepsTheFirstLinkLayerOptionAndStepsOverOthers() {
        // NS_RESOLVE with two more options: a Target Link-Layer Address (not a solicitation's) and a second Source one.
        ByteBuf frame = Unpooled.buffer(NS_RESOLVE.length + 16).writeBytes(NS_RESOLVE).writeZero(16);
        try {
            Ipv6Packet ip = ip(frame);
            ip.setPayloadLength(ip.payloadLength() + 16);
            NeighborMessage ns = message(frame);
            NdpOption.writeEthernetAddress(frame, ns.end() - 16, NdpOption.TARGET_LINK_LAYER_ADDRESS, MAC_B);
            NdpOption.writeEthernetAddress(frame, ns.end() - 8, NdpOption.SOURCE_LINK_LAYER_ADDRESS, MAC_B);
            NdpOption option = new NdpOption().wrap(frame, ns.optionsOffset(), ns.end());
            assertEquals(NdpOption.NOT_FOUND, option.foundLinkLayerAddress());
            assertNull(option.walkForLinkLayerAddress(NdpOption.SOURCE_LINK_LAYER_ADDRESS));
            assertEquals(MAC_A, option.foundLinkLayerAddress(), "Linux: \"duplicated ND6 option found\", the first kept");
            assertEquals(ns.end(), option.offset());
            assertNull(option.wrap(frame, ns.optionsOffset(), ns.end())
                    .walkForLinkLayerAddress(NdpOption.TARGET_LINK_LAYER_ADDRESS));
            assertEquals(MAC_B, option.foundLinkLayerAddress());
        } finally {
            assertTrue(frame.release());
        }
    }

    @Test
    void theWalkFindsNothingInLinuxsDadProbeAndStopsAtABrokenOption() {
        ByteBuf frame = CapturedNdpFrames.copy(NS_DAD);
        try {
            NeighborMessage ns = message(frame);
            NdpOption option = new NdpOption().wrap(frame, ns.optionsOffset(), ns.end());
            assertNull(option.walkForLinkLayerAddress(NdpOption.SOURCE_LINK_LAYER_ADDRESS));
            assertEquals(NdpOption.NOT_FOUND, option.foundLinkLayerAddress());
            frame.setByte(ns.optionsOffset() + 1, 0);
            assertEquals(DropReason.NDP_OPTION_ZERO_LENGTH, option.wrap(frame, ns.optionsOffset(), ns.end())
                    .walkForLinkLayerAddress(NdpOption.SOURCE_LINK_LAYER_ADDRESS));
            // The nonce as a source link-layer option of 8 bytes: taken; of 16 bytes (the message 8 longer): refused.
            frame.setByte(ns.optionsOffset(), NdpOption.SOURCE_LINK_LAYER_ADDRESS);
            frame.setByte(ns.optionsOffset() + 1, 1);
            assertNull(option.wrap(frame, ns.optionsOffset(), ns.end())
                    .walkForLinkLayerAddress(NdpOption.SOURCE_LINK_LAYER_ADDRESS));
            assertEquals(0x1102_949c_09d7L, option.foundLinkLayerAddress());
            ByteBuf longer = Unpooled.buffer(NS_DAD.length + 8).writeBytes(frame, 0, NS_DAD.length).writeZero(8);
            longer.setByte(ns.optionsOffset() + 1, 2);
            assertEquals(DropReason.NDP_BAD_LINK_LAYER_OPTION, option.wrap(longer, ns.optionsOffset(), ns.end() + 8)
                    .walkForLinkLayerAddress(NdpOption.SOURCE_LINK_LAYER_ADDRESS), "16 bytes, not an Ethernet option");
            assertTrue(longer.release());
        } finally {
            assertTrue(frame.release());
        }
    }

    // ---- Reprs

    @Test
    void parsesTheCapturedMessagesIntoReprs() {
        assertEquals(NeighborRepr.solicitation(PREFIX, 0x26, MAC_A), repr(NS_RESOLVE));
        assertEquals(NeighborRepr.advertisement(false, true, true, PREFIX, 0x26, MAC_B), repr(NA_SOLICITED));
        assertEquals(NeighborRepr.advertisement(false, true, false, PREFIX, 0x23, NdpOption.NOT_FOUND),
                repr(NA_TO_PROBE));
        assertEquals(NeighborRepr.solicitation(PREFIX, 0x26, NdpOption.NOT_FOUND), repr(NS_DAD));
        assertEquals("solicitation who-has fd00:172:21:22::26 from 02:56:00:00:00:23", repr(NS_RESOLVE).toString());
        assertEquals("advertisement solicited override fd00:172:21:22::26 is-at 02:56:00:00:00:26",
                repr(NA_SOLICITED).toString());
        assertEquals("advertisement solicited fd00:172:21:22::23", repr(NA_TO_PROBE).toString());
    }

    @Test
    void emitsTheCapturedMessagesFromReprs() {
        for (byte[] captured : new byte[][] {NS_RESOLVE, NA_SOLICITED, NA_TO_PROBE}) {
            NeighborRepr repr = repr(captured);
            ByteBuf buffer = Unpooled.buffer(captured.length);
            try {
                buffer.writeBytes(captured, 0, MESSAGE);
                while (buffer.writerIndex() < MESSAGE + repr.bufferLength()) {
                    buffer.writeByte(FILL);
                }
                Ipv6Packet ip = ip(buffer);
                repr.emit(new NeighborMessage().wrap(buffer, MESSAGE, repr.bufferLength()),
                        ip.pseudoHeaderSum(repr.bufferLength(), IpProtocol.ICMPV6));
                assertEquals(ByteBufUtil.hexDump(captured), ByteBufUtil.hexDump(buffer));
            } finally {
                assertTrue(buffer.release());
            }
        }
    }

    @Test
    void aReprIsOnlyForAWholeValidMessage() {
        ByteBuf frame = CapturedNdpFrames.copy(NS_RESOLVE);
        try {
            NeighborMessage ns = message(frame);
            frame.setByte(ns.optionsOffset() + 1, 0);
            assertThrows(IllegalArgumentException.class, () -> NeighborRepr.parse(ns));
            frame.setByte(ns.optionsOffset() + 1, 1);
            ns.setCode(1);
            assertThrows(IllegalArgumentException.class, () -> NeighborRepr.parse(ns));
            ns.setCode(0);
            ns.setType(Icmpv6Type.ROUTER_SOLICITATION);
            assertThrows(IllegalArgumentException.class, () -> NeighborRepr.parse(ns));
            ns.setType(Icmpv6Type.NEIGHBOR_SOLICITATION);
            assertThrows(IllegalArgumentException.class,
                    () -> NeighborRepr.parse(new NeighborMessage().wrap(frame, MESSAGE, NeighborMessage.LENGTH - 1)));
            assertEquals(NeighborRepr.solicitation(PREFIX, 0x26, MAC_A), NeighborRepr.parse(ns));
        } finally {
            assertTrue(frame.release());
        }
    }

    private static NeighborRepr repr(byte[] captured) {
        return NeighborRepr.parse(message(Unpooled.wrappedBuffer(captured)));
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
