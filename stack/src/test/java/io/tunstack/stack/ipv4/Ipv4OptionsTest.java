package io.tunstack.stack.ipv4;

import static io.tunstack.stack.ipv4.Ipv4OptionsTestPackets.bytes;
import static io.tunstack.stack.ipv4.Ipv4OptionsTestPackets.echoRequest;
import static io.tunstack.stack.ipv4.Ipv4OptionsTestPackets.fromHex;
import static io.tunstack.stack.ipv4.Ipv4OptionsTestPackets.padded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.tunstack.stack.wire.Ipv4Packet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Ipv4Options#validate}: one crafted echo request per case, its option area given in hex, the expected
 * Parameter Problem pointer (an offset from the start of the IP header; options start at 20) computed the way Linux's
 * {@code ip_options_compile()} computes {@code pp_ptr}, and the rule it checks quoted beside it.
 *
 * <p>Every case was also sent to a real Linux 6.18 kernel (on the loopback device of a private network namespace,
 * from a raw socket): it answered each malformed case with a Parameter Problem carrying exactly this pointer, echoed
 * each valid case, and dropped the well-formed LSRR silently.
 */
class Ipv4OptionsTest {

    private static final int VALID = Ipv4Options.VALID;

    static Stream<Arguments> cases() {
        return Stream.of(
                // ---- well-formed
                valid("ping -R as iputils sends it: NOP, RR length 39 pointer 8",
                        "01 07 27 08 7f000001" + "00".repeat(32),
                        "RFC 791 RR: \"the smallest legal value for the pointer is 4\""),
                valid("RR with room for one more entry",
                        "07 0b 08 ac151617 00000000 00",
                        "RFC 791 RR: \"inserts its own internet address ... beginning at the octet indicated by the pointer\""),
                valid("RR full",
                        "07 07 08 ac151617",
                        "RFC 791 RR: \"If the route data area is already full (the pointer exceeds the length) the datagram"
                                + " is forwarded without inserting the address\""),
                valid("TS tsonly with room (ping -T tsonly)",
                        "44 28 09 00 01450ee1" + "00".repeat(32),
                        "RFC 791 TS: \"The smallest legal value is 5\""),
                valid("TS full, overflow counter 1 can count one more",
                        "44 0c 0d 10 00000001 00000002",
                        "RFC 791 TS: \"The timestamp area is full when the pointer is greater than the length\""),
                valid("TS with unknown flags 2 (Linux accepts them on input)",
                        "44 0c 05 02 00000000 00000000",
                        "Linux ip_options_compile: default flags are accepted when a packet is received"),
                valid("TS tsandaddr with room for one pair",
                        "44 0c 05 01 00000000 00000000",
                        "RFC 791 TS flag 1: \"each timestamp is preceded with internet address of the registering entity\""),
                valid("End of Option List, then anything",
                        "01 00 ff ff",
                        "RFC 791: End of Option List \"is used at the end of all options, not the end of each option\""),
                valid("unknown option type 25 is ignored",
                        "19 04 0000",
                        "RFC 1122 3.2.1.8: \"silently ignore the others\""),
                valid("Router Alert",
                        "94 04 0000",
                        "RFC 2113: \"Length: 4\""),
                valid("Security option (130), length 11",
                        "82 0b 0000 0000 0000 0000 00 00",
                        "RFC 1122 3.2.1.8: unknown or unsupported options are ignored by Linux on input"),
                valid("well-formed LSRR (dropped later as a policy, not as malformed)",
                        "83 07 04 ac15161a 00",
                        "RFC 791 LSRR: \"the smallest legal value for the pointer is 4\""),

                // ---- malformed: length
                invalid("option length 0", "07 00 0000", 20,
                        "RFC 791: the option-length octet \"counts the option-type octet and the option-length octet\""),
                invalid("option length 1", "44 01 0000", 20,
                        "RFC 791: the length counts at least the type and length octets"),
                invalid("option length past the header", "07 27 04 00", 20,
                        "RFC 1122 3.2.1.8: an option must lie within the header (Linux: optlen > l)"),
                invalid("type octet alone at the end of the header", "01 01 01 07", 23,
                        "Linux: fewer than 2 octets left for a multi-octet option"),
                invalid("RR length below 3", "07 02 0000", 21,
                        "RFC 791 RR: type, length and pointer octets come first"),
                invalid("TS length below 4", "44 03 05 00", 21,
                        "RFC 791 TS: type, length, pointer and overflow/flags octets come first"),
                invalid("Router Alert length 2", "94 02 0000", 21,
                        "RFC 2113: \"Length: 4\""),
                invalid("LSRR length 2", "83 02 0000", 21,
                        "RFC 791 LSRR: type, length and pointer octets come first"),

                // ---- malformed: pointer
                invalid("RR pointer below 4", "07 07 03 00000000", 22,
                        "RFC 791 RR: \"the smallest legal value for the pointer is 4\""),
                invalid("RR pointer leaves a partial entry", "07 09 08 ac151617 0000 000000", 22,
                        "RFC 791 RR: entries are 4 octets; Linux: optptr[2]+3 > optlen"),
                invalid("TS pointer below 5", "44 0c 04 00 00000000 00000000", 22,
                        "RFC 791 TS: \"The smallest legal value is 5\""),
                invalid("TS pointer leaves a partial timestamp", "44 0a 09 00 00000000 0000 0000", 22,
                        "RFC 791 TS: timestamps are 32 bits; Linux: optptr[2]+3 > optlen"),
                invalid("TS tsandaddr with room for the address only", "44 10 0d 01 00000000 00000000 00000000", 22,
                        "RFC 791 TS flag 1: an address and a timestamp, 8 octets; Linux: optptr[2]+7 > optlen"),
                invalid("TS prespecified with room for the address only", "44 10 0d 03 00000000 00000000 00000000",
                        22, "RFC 791 TS flag 3: prespecified address and its timestamp, 8 octets"),
                invalid("LSRR pointer below 4", "83 07 03 ac15161a 00", 22,
                        "RFC 791 LSRR: \"the smallest legal value for the pointer is 4\""),

                // ---- malformed: overflow and repetitions
                invalid("TS full, overflow counter at 15", "44 0c 0d f0 00000001 00000002", 23,
                        "RFC 791 TS: \"If the overflow count itself overflows, the original datagram is considered to"
                                + " be in error\""),
                invalid("RR twice", "07 07 04 00000000 07 07 04 00000000 0000", 27,
                        "RFC 791 RR: \"Appears at most once in a datagram\""),
                invalid("TS twice", "44 0c 05 00 00000000 00000000 44 0c 05 00 00000000 00000000", 32,
                        "RFC 791: each of these options \"Appears at most once in a datagram\""),
                invalid("two source routes", "83 07 04 ac15161a 89 07 04 ac15161a 0000", 27,
                        "RFC 1812 5.2.4.1 (cited by Linux): more than one source route option is an error"),
                invalid("CIPSO, no Domain of Interpretation configured", "86 08 00000001 0000", 22,
                        "Linux cipso_v4_validate: unknown DOI, pointer at the DOI"),
                invalid("CIPSO shorter than 8", "86 06 00000001", 21,
                        "Linux cipso_v4_validate: opt_len < 8, pointer at the length"));
    }

    private static Arguments valid(String name, String options, String rule) {
        return Arguments.of(name, options, VALID, rule);
    }

    private static Arguments invalid(String name, String options, int pointer, String rule) {
        return Arguments.of(name, options, pointer, rule);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void validatesLikeLinux(String name, String options, int expectedPointer, String rule) {
        ByteBuf packet = Unpooled.wrappedBuffer(echoRequest(padded(bytes(options))));
        try {
            Ipv4Packet ip = Ipv4Packet.newUnchecked(packet);
            assertNull(ip.checkLength(), "test packet must be well-formed apart from its options");
            assertEquals(expectedPointer, Ipv4Options.validate(ip), name + " -- " + rule);
        } finally {
            packet.release();
        }
        assertEquals(0, packet.refCnt());
    }

    @Test
    void validationChangesNothing() {
        byte[] request = echoRequest(padded(bytes("07 0b 04 00000000 00000000 44 0c 05 00 00000000 00000000")));
        ByteBuf packet = Unpooled.wrappedBuffer(request.clone());
        try {
            assertEquals(VALID, Ipv4Options.validate(Ipv4Packet.newUnchecked(packet)));
            assertEquals(ByteBufUtil.hexDump(request), ByteBufUtil.hexDump(packet));
        } finally {
            packet.release();
        }
    }

    @Test
    void packetWithoutOptionsIsValid() {
        ByteBuf packet = Unpooled.wrappedBuffer(echoRequest(new byte[0]));
        try {
            Ipv4Packet ip = Ipv4Packet.newUnchecked(packet);
            assertEquals(VALID, Ipv4Options.validate(ip));
            assertFalse(Ipv4Options.hasSourceRoute(ip));
        } finally {
            packet.release();
        }
    }

    @Test
    void realPingRequestsAreValid() {
        for (String hex : new String[] {Ipv4OptionsTestPackets.PING_R_REQUEST, Ipv4OptionsTestPackets.PING_T_REQUEST}) {
            ByteBuf packet = fromHex(hex);
            try {
                Ipv4Packet ip = Ipv4Packet.newUnchecked(packet);
                assertEquals(VALID, Ipv4Options.validate(ip));
                assertFalse(Ipv4Options.hasSourceRoute(ip));
            } finally {
                packet.release();
            }
        }
    }

    /** Linux drops a datagram with LSRR or SSRR on a host (accept_source_route=0), after the options passed. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("sourceRoutes")
    void findsSourceRoutes(String name, String options, boolean expected) {
        ByteBuf packet = Unpooled.wrappedBuffer(echoRequest(padded(bytes(options))));
        try {
            Ipv4Packet ip = Ipv4Packet.newUnchecked(packet);
            assertEquals(VALID, Ipv4Options.validate(ip));
            assertEquals(expected, Ipv4Options.hasSourceRoute(ip), name);
        } finally {
            packet.release();
        }
    }

    static Stream<Arguments> sourceRoutes() {
        return Stream.of(
                Arguments.of("LSRR", "83 07 04 ac15161a", true),
                Arguments.of("SSRR after a NOP and RR", "01 07 07 04 00000000 89 07 04 ac15161a", true),
                Arguments.of("RR only", "07 07 04 00000000", false),
                Arguments.of("LSRR after End of Option List is padding", "00 83 07 04 ac15161a", false));
    }

    /**
     * RFC 791 section 3.2: later fragments carry only the options whose copied flag is set; tunstack's fragmenter
     * copies them without padding (the header shrinks), and stops where Linux's ip_options_fragment() stops.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("fragmentHeaders")
    void laterFragmentsCarryOnlyCopiedOptions(String name, String options, String expected) {
        ByteBuf packet = Unpooled.wrappedBuffer(echoRequest(padded(bytes(options))));
        try {
            Ipv4Packet ip = Ipv4Packet.newUnchecked(packet);
            byte[] copied = new byte[Ipv4Packet.MAX_HEADER_LENGTH];
            int length = Ipv4Options.copyCopiedOptions(ip, copied, 0);
            assertEquals(expected.replace(" ", ""),
                    java.util.HexFormat.of().formatHex(copied, 0, length), name);
        } finally {
            packet.release();
        }
    }

    static Stream<Arguments> fragmentHeaders() {
        return Stream.of(
                Arguments.of("RFC 791 RR: \"Not copied on fragmentation, goes in first fragment only\"",
                        "07 07 08 ac151617", ""),
                Arguments.of("RFC 791 TS: \"Not copied on fragmentation, goes in first fragment only\"",
                        "44 0c 09 00 00000001 00000000", ""),
                Arguments.of("RFC 791 LSRR: \"Must be copied on fragmentation\"; RR before it is not",
                        "07 07 04 00000000 83 07 04 ac15161a 00 00", "83 07 04 ac15161a"),
                Arguments.of("Router Alert (148) has its copied flag set",
                        "94 04 0000 44 0c 05 00 00000000 00000000", "94 04 0000"),
                Arguments.of("nothing after End of Option List is copied",
                        "00 07 03 00", ""),
                Arguments.of("a broken length stops the walk, as in Linux",
                        "83 07 04 00000000 44 00 0000 00000000", "83 07 04 00000000"));
    }

    @Test
    void millisecondsSinceMidnightUniversalTime() {
        long day = 86_400_000L;
        assertEquals(0, Ipv4Options.msSinceMidnightUt(0));
        assertEquals(5, Ipv4Options.msSinceMidnightUt(day * 20_000 + 5));
        assertEquals(day - 1, Ipv4Options.msSinceMidnightUt(-1));
        // 2026-11-26T05:55:03.009Z, the capture of ping -T: 21303009 ms after midnight.
        assertEquals(Ipv4OptionsTestPackets.PING_T_TIME, Ipv4Options.msSinceMidnightUt(
                java.time.Instant.parse("2026-11-26T05:55:03.009Z").toEpochMilli()));
        assertTrue(Ipv4Options.msSinceMidnightUt(System.currentTimeMillis()) < day);
    }
}
