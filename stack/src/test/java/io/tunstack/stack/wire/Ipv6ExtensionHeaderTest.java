package io.tunstack.stack.wire;

import static io.tunstack.stack.wire.CapturedIpv6Packets.MLD_V2_REPORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.LeakDetection;
import io.tunstack.stack.verdict.DropReason;
import java.util.function.IntPredicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Built from the kernel's real MLDv2 report ({@link CapturedIpv6Packets#MLD_V2_REPORT}), whose Hop-by-Hop Options
 * header at offset 40 holds Router Alert (at 42) and PadN (at 46).
 */
@ExtendWith(LeakDetection.class)
class Ipv6ExtensionHeaderTest {

    private static final int HBH = Ipv6Packet.HEADER_LENGTH;
    private static final int ROUTER_ALERT = HBH + 2;
    private static final int PADN = HBH + 6;
    private static final IntPredicate NONE_RECOGNIZED = type -> false;

    @Test
    void deconstructsTheCapturedHopByHopHeader() {
        ByteBuf buffer = CapturedIpv6Packets.copy(MLD_V2_REPORT);
        try {
            Ipv6Packet ip = Ipv6Packet.newUnchecked(buffer);
            assertEquals(IpProtocol.HOP_BY_HOP, ip.nextHeader());
            Ipv6ExtensionHeader header = new Ipv6ExtensionHeader().wrap(buffer, ip.payloadOffset(),
                    ip.end() - ip.payloadOffset());
            assertNull(header.checkLength());
            assertEquals(IpProtocol.ICMPV6, header.nextHeader());
            assertEquals(0, header.hdrExtLen());
            assertEquals(8, header.headerLength());
            assertEquals(HBH + 8, header.end());
            assertEquals(ROUTER_ALERT, header.dataOffset());
            assertEquals(Ipv6ExtensionHeader.OPTION_ROUTER_ALERT, header.optionType(ROUTER_ALERT));
            assertEquals(4, header.optionLength(ROUTER_ALERT));
            assertEquals(0, buffer.getUnsignedShort(header.optionDataOffset(ROUTER_ALERT)), "MLD: value 0");
            assertEquals(PADN, header.nextOption(ROUTER_ALERT));
            assertEquals(Ipv6ExtensionHeader.OPTION_PADN, header.optionType(PADN));
            assertEquals(2, header.optionLength(PADN));
            assertEquals(header.end(), header.nextOption(PADN));
            assertEquals(Ipv6OptionAction.SKIP, Ipv6OptionAction.of(Ipv6ExtensionHeader.OPTION_ROUTER_ALERT));
            assertEquals(Ipv6ExtensionHeader.NO_OPTION, header.firstOptionToAct(NONE_RECOGNIZED),
                    "Router Alert's action bits are 00: skipped even when not recognized");
            assertEquals("8 bytes, next icmpv6, options Router Alert, PadN", header.summary());
        } finally {
            assertTrue(buffer.release());
        }
    }

    static Stream<Arguments> actions() {
        return Stream.of(
                Arguments.of(0x05, Ipv6OptionAction.SKIP),
                Arguments.of(0x45, Ipv6OptionAction.DISCARD),
                Arguments.of(0x85, Ipv6OptionAction.DISCARD_AND_PARAMETER_PROBLEM),
                Arguments.of(0xC5, Ipv6OptionAction.DISCARD_AND_PARAMETER_PROBLEM_UNLESS_MULTICAST),
                Arguments.of(0x3F, Ipv6OptionAction.SKIP),
                Arguments.of(0xFF, Ipv6OptionAction.DISCARD_AND_PARAMETER_PROBLEM_UNLESS_MULTICAST));
    }

    /** RFC 8200 4.2: the two high-order bits of an unrecognized option's type say what to do. */
    @ParameterizedTest(name = "option type {0}: {1}")
    @MethodSource("actions")
    void unrecognizedOptionIsReportedByItsActionBits(int optionType, Ipv6OptionAction action) {
        byte[] bytes = MLD_V2_REPORT.clone();
        bytes[ROUTER_ALERT] = (byte) optionType;
        ByteBuf buffer = CapturedIpv6Packets.copy(bytes);
        try {
            Ipv6ExtensionHeader header = new Ipv6ExtensionHeader().wrap(buffer, HBH, bytes.length - HBH);
            assertEquals(action, Ipv6OptionAction.of(optionType));
            int expected = action == Ipv6OptionAction.SKIP ? Ipv6ExtensionHeader.NO_OPTION : ROUTER_ALERT;
            assertEquals(expected, header.firstOptionToAct(NONE_RECOGNIZED));
            assertEquals(Ipv6ExtensionHeader.NO_OPTION, header.firstOptionToAct(type -> type == optionType),
                    "a recognized option needs no action from the walker");
        } finally {
            assertTrue(buffer.release());
        }
    }

    @Test
    void optionRunningPastTheHeaderIsReported() {
        byte[] bytes = MLD_V2_REPORT.clone();
        bytes[ROUTER_ALERT + 1] = 5; // Router Alert's 2 data bytes become 5: 7 bytes from 42, past the end at 48
        ByteBuf buffer = CapturedIpv6Packets.copy(bytes);
        try {
            Ipv6ExtensionHeader header = new Ipv6ExtensionHeader().wrap(buffer, HBH, bytes.length - HBH);
            assertNull(header.checkLength());
            assertEquals(ROUTER_ALERT, header.firstOptionToAct(type -> true));
            assertFalse(header.optionFits(ROUTER_ALERT));
            assertEquals("8 bytes, next icmpv6, options Router Alert (beyond the header)", header.summary());
        } finally {
            assertTrue(buffer.release());
        }
    }

    @Test
    void pad1IsOneByteWithoutLength() {
        byte[] bytes = MLD_V2_REPORT.clone();
        bytes[PADN] = 0; // PadN (2 bytes) becomes two Pad1
        bytes[PADN + 1] = 0;
        ByteBuf buffer = CapturedIpv6Packets.copy(bytes);
        try {
            Ipv6ExtensionHeader header = new Ipv6ExtensionHeader().wrap(buffer, HBH, bytes.length - HBH);
            assertEquals(1, header.optionLength(PADN));
            assertEquals(PADN + 1, header.nextOption(PADN));
            assertEquals(Ipv6ExtensionHeader.NO_OPTION, header.firstOptionToAct(NONE_RECOGNIZED));
            assertEquals("8 bytes, next icmpv6, options Router Alert, Pad1, Pad1", header.summary());
        } finally {
            assertTrue(buffer.release());
        }
    }

    @Test
    void settersWriteTheirFields() {
        ByteBuf buffer = CapturedIpv6Packets.copy(MLD_V2_REPORT);
        try {
            Ipv6ExtensionHeader header = new Ipv6ExtensionHeader().wrap(buffer, HBH, MLD_V2_REPORT.length - HBH);
            header.setNextHeader(IpProtocol.IPV6_NO_NEXT_HEADER);
            header.setHdrExtLen(3);
            assertEquals(IpProtocol.IPV6_NO_NEXT_HEADER, header.nextHeader());
            assertEquals(3, header.hdrExtLen());
            assertEquals(32, header.headerLength());
            assertEquals(Ipv6ExtensionHeader.OPTION_ROUTER_ALERT, header.optionType(ROUTER_ALERT), "options kept");
        } finally {
            assertTrue(buffer.release());
        }
    }

    static Stream<Arguments> lengthCases() {
        return Stream.of(
                Arguments.of("7 bytes: shorter than 8", 7, 0, DropReason.IPV6_EXTENSION_HEADER_TRUNCATED),
                Arguments.of("no byte at all", 0, 0, DropReason.IPV6_EXTENSION_HEADER_TRUNCATED),
                Arguments.of("Hdr Ext Len 4 = 40 bytes in a 36-byte payload", 36, 4,
                        DropReason.IPV6_EXTENSION_HEADER_LENGTH_BEYOND_PAYLOAD),
                Arguments.of("Hdr Ext Len 1 = 16 bytes in 15", 15, 1,
                        DropReason.IPV6_EXTENSION_HEADER_LENGTH_BEYOND_PAYLOAD),
                Arguments.of("Hdr Ext Len 3 = 32 bytes in a 36-byte payload", 36, 3, null),
                Arguments.of("exactly 8 bytes", 8, 0, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lengthCases")
    void checkLength(String name, int length, int hdrExtLen, DropReason expected) {
        byte[] bytes = MLD_V2_REPORT.clone();
        bytes[HBH + 1] = (byte) hdrExtLen;
        ByteBuf buffer = CapturedIpv6Packets.copy(bytes);
        try {
            assertEquals(expected, new Ipv6ExtensionHeader().wrap(buffer, HBH, length).checkLength());
        } finally {
            assertTrue(buffer.release());
        }
    }
}
