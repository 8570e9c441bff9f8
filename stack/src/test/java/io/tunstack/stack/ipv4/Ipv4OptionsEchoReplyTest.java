package io.tunstack.stack.ipv4;

import static io.tunstack.stack.ipv4.Ipv4OptionsTestPackets.RESPONDER;
import static io.tunstack.stack.ipv4.Ipv4OptionsTestPackets.bytes;
import static io.tunstack.stack.ipv4.Ipv4OptionsTestPackets.echoRequest;
import static io.tunstack.stack.ipv4.Ipv4OptionsTestPackets.fromHex;
import static io.tunstack.stack.ipv4.Ipv4OptionsTestPackets.padded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.tunstack.stack.LeakDetection;
import io.tunstack.stack.wire.Checksum;
import io.tunstack.stack.address.Ipv4Address;
import io.tunstack.stack.wire.Ipv4Packet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Ipv4Options#updateForEchoReply}: the real kernel's answers to {@code ping -R} and {@code ping -T tsonly},
 * reproduced byte for byte, then crafted cases, each with the rule it checks.
 *
 * <p>Every crafted case was also sent to a real Linux 6.18 kernel answering for 172.21.22.26 (on the loopback device
 * of a private network namespace): its replies carried these options, timestamps aside, and it sent nothing for the
 * two "no reply" cases.
 */
@ExtendWith(LeakDetection.class)
class Ipv4OptionsEchoReplyTest {

    private static final int NOW = 0x01020304;
    private static final int LOOPBACK = Ipv4Address.parse("127.0.0.1");
    /** An echo request's ICMP message as {@link Ipv4OptionsTestPackets#echoRequest} builds it: 8 + 56 bytes. */
    private static final int ICMP_LENGTH = 64;

    /** RFC 1122 3.2.2.6: RR "SHOULD be updated to include the current host and included in the ... Echo Reply". */
    @Test
    void pingRecordRouteGetsTheKernelsReplyOptions() {
        assertReplyOptionsMatchKernel(Ipv4OptionsTestPackets.PING_R_REQUEST, Ipv4OptionsTestPackets.PING_R_REPLY, NOW);
    }

    /** RFC 1122 3.2.2.6, for the Timestamp option: the arrival and the reply each add a timestamp. */
    @Test
    void pingTimestampGetsTheKernelsReplyOptions() {
        assertReplyOptionsMatchKernel(Ipv4OptionsTestPackets.PING_T_REQUEST, Ipv4OptionsTestPackets.PING_T_REPLY,
                Ipv4OptionsTestPackets.PING_T_TIME);
    }

    private static void assertReplyOptionsMatchKernel(String requestHex, String kernelReplyHex, int now) {
        ByteBuf request = fromHex(requestHex);
        ByteBuf kernelReply = fromHex(kernelReplyHex);
        try {
            Ipv4Packet ip = Ipv4Packet.newUnchecked(request);
            Ipv4Packet expected = Ipv4Packet.newUnchecked(kernelReply);
            assertEquals(Ipv4Options.VALID, Ipv4Options.validate(ip));
            String icmpBefore = ByteBufUtil.hexDump(request, ip.payloadOffset(), ip.payloadLength());

            assertTrue(Ipv4Options.updateForEchoReply(ip, LOOPBACK, now));

            assertEquals(expected.headerLength(), ip.headerLength());
            assertEquals(expected.totalLength(), ip.totalLength());
            assertEquals(ByteBufUtil.hexDump(kernelReply, expected.optionsOffset(), expected.optionsLength()),
                    ByteBufUtil.hexDump(request, ip.optionsOffset(), ip.optionsLength()));
            assertTrue(ip.verifyHeaderChecksum());
            assertEquals(icmpBefore, ByteBufUtil.hexDump(request, ip.payloadOffset(), ip.payloadLength()));
        } finally {
            request.release();
            kernelReply.release();
        }
        assertEquals(0, request.refCnt());
        assertEquals(0, kernelReply.refCnt());
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // ---- Record Route
                reply("RR with room for both entries",
                        "07 0f 04 00000000 00000000 00000000 00",
                        "07 0f 0c ac15161a ac15161a 00000000 00",
                        "RFC 791 RR: \"inserts its own internet address ... and increments the pointer by four\""),
                reply("RR with room for the arrival entry only",
                        "07 0b 08 ac151617 00000000 00",
                        "07 0b 0c ac151617 ac15161a 00",
                        "RFC 791 RR: a full route data area is carried \"without inserting the address\""),
                reply("RR full",
                        "07 07 08 ac151617",
                        "07 07 08 ac151617",
                        "RFC 791 RR: \"If the route data area is already full ... without inserting the address\""),
                noReply("RR without a whole entry for the reply",
                        "07 09 04 00000000 0000 000000",
                        "Linux ip_options_echo: soffset + 3 > optlen returns -EINVAL and icmp_reply sends nothing"),

                // ---- Timestamp
                reply("TS tsonly with room for both timestamps",
                        "44 0c 05 00 00000000 00000000",
                        "44 0c 0d 00 01020304 01020304",
                        "RFC 791 TS: \"a right-justified, 32-bit timestamp in milliseconds since midnight UT\""),
                reply("TS tsonly with room for the arrival timestamp only",
                        "44 0c 09 00 00000001 00000000",
                        "44 0c 0d 00 00000001 01020304",
                        "RFC 791 TS: \"The timestamp area is full when the pointer is greater than the length\""),
                reply("TS full: the overflow counter counts this host once",
                        "44 0c 0d 10 00000001 00000002",
                        "44 0c 0d 20 00000001 00000002",
                        "RFC 791 TS: \"If there is no space ... the overflow count is incremented\""),
                reply("TS tsandaddr",
                        "44 14 05 01 00000000 00000000 00000000 00000000",
                        "44 14 15 01 ac15161a 01020304 ac15161a 01020304",
                        "RFC 791 TS flag 1: \"each timestamp is preceded with internet address of the registering entity\""),
                noReply("TS tsandaddr without room for the reply's timestamp",
                        "44 10 05 01 00000000 00000000 00000000",
                        "Linux ip_options_echo: no room for the timestamp after the address returns -EINVAL"),
                // 198.51.100.7 (c6336407) is another host's address (TEST-NET-2).
                reply("TS prespecified: this host, then another",
                        "44 14 05 03 ac15161a 00000000 c6336407 00000000",
                        "44 14 0d 03 ac15161a 01020304 c6336407 00000000",
                        "RFC 791 TS flag 3: \"registers its timestamp only if it matches its own address\""),
                reply("TS prespecified: this host twice",
                        "44 14 05 03 ac15161a 00000000 ac15161a 00000000",
                        "44 14 15 03 ac15161a 01020304 ac15161a 01020304",
                        "RFC 791 TS flag 3: the arrival and the reply each match the next prespecified address"),
                reply("TS prespecified: another host first",
                        "44 14 05 03 c6336407 00000000 ac15161a 00000000",
                        "44 14 05 03 c6336407 00000000 ac15161a 00000000",
                        "RFC 791 TS flag 3: the entry at the pointer names another host, so nothing is recorded"),
                reply("TS prespecified: a multicast address is stamped",
                        "44 0c 05 03 e0000001 00000000",
                        "44 0c 0d 03 e0000001 01020304",
                        "Linux stamps unless inet_addr_type() says RTN_UNICAST; 224.0.0.1 is RTN_MULTICAST"),
                reply("TS prespecified: 0.0.0.0 is stamped",
                        "44 0c 05 03 00000000 00000000",
                        "44 0c 0d 03 00000000 01020304",
                        "Linux stamps unless inet_addr_type() says RTN_UNICAST; 0.0.0.0 is RTN_BROADCAST"),
                reply("TS with unknown flags 2 is carried untouched",
                        "44 0c 05 02 00000000 00000000",
                        "44 0c 05 02 00000000 00000000",
                        "Linux ip_options_compile/ip_options_echo: other flags neither record nor fail"),

                // ---- which options the reply carries, and where
                reply("NOP and Router Alert are left out: the header shrinks",
                        "94 04 0000 01 07 07 04 00000000",
                        "07 07 08 ac15161a 00",
                        "Linux ip_options_echo copies only RR, TS, SRR and CIPSO, padded with EOL to 4n"),
                reply("TS before RR: the reply puts RR first",
                        "44 0c 05 00 00000000 00000000 07 07 04 00000000 00",
                        "07 07 08 ac15161a 44 0c 0d 00 01020304 01020304 00",
                        "Linux ip_options_echo: RR, then TS"),
                reply("a lone NOP: the reply has no options",
                        "01 000000",
                        "",
                        "Linux ip_options_echo: optlen 0, IHL 5"),
                reply("End of Option List, then padding",
                        "00 ffffff",
                        "",
                        "RFC 791: what follows End of Option List is not an option"));
    }

    private static Arguments reply(String name, String requestOptions, String replyOptions, String rule) {
        return Arguments.of(name, requestOptions, replyOptions, true, rule);
    }

    private static Arguments noReply(String name, String requestOptions, String rule) {
        return Arguments.of(name, requestOptions, null, false, rule);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void updatesOptionsLikeLinux(String name, String requestOptions, String replyOptions, boolean replies,
            String rule) {
        byte[] request = echoRequest(padded(bytes(requestOptions)));
        for (ByteBuf packet : new ByteBuf[] {Unpooled.wrappedBuffer(request.clone()),
                Unpooled.directBuffer(request.length).writeBytes(request)}) {
            try {
                Ipv4Packet ip = Ipv4Packet.newUnchecked(packet);
                assertEquals(Ipv4Options.VALID, Ipv4Options.validate(ip), name + ": the request must be valid");
                String icmpBefore = ByteBufUtil.hexDump(packet, ip.payloadOffset(), ip.payloadLength());

                boolean result = Ipv4Options.updateForEchoReply(ip, RESPONDER, NOW);

                assertEquals(replies, result, name + " -- " + rule);
                if (!replies) {
                    continue;
                }
                byte[] expectedOptions = padded(bytes(replyOptions));
                assertEquals(ByteBufUtil.hexDump(expectedOptions),
                        ByteBufUtil.hexDump(packet, ip.optionsOffset(), ip.optionsLength()), name + " -- " + rule);
                assertEquals(Ipv4Packet.MIN_HEADER_LENGTH + expectedOptions.length, ip.headerLength());
                assertEquals(ip.headerLength() + ICMP_LENGTH, ip.totalLength());
                assertEquals(ip.end(), packet.writerIndex(), "the buffer ends where the datagram ends");
                assertEquals(ip.totalLength(), ip.bytesRead(), "the view covers the datagram");
                assertTrue(ip.verifyHeaderChecksum(), "header checksum");
                assertEquals(icmpBefore, ByteBufUtil.hexDump(packet, ip.payloadOffset(), ip.payloadLength()),
                        "the ICMP message is moved, never changed");
                assertTrue(Checksum.isValid(packet, ip.payloadOffset(), ip.payloadLength()), "ICMP checksum");
            } finally {
                packet.release();
            }
            assertEquals(0, packet.refCnt());
        }
    }

    @Test
    void withoutOptionsNothingChanges() {
        byte[] request = echoRequest(new byte[0]);
        ByteBuf packet = Unpooled.wrappedBuffer(request.clone());
        try {
            assertTrue(Ipv4Options.updateForEchoReply(Ipv4Packet.newUnchecked(packet), RESPONDER, NOW));
            assertEquals(ByteBufUtil.hexDump(request), ByteBufUtil.hexDump(packet));
        } finally {
            packet.release();
        }
    }

    @Test
    void aPacketAtANonZeroReaderIndexShrinksInPlace() {
        byte[] request = echoRequest(padded(bytes("94 04 0000 07 07 04 00000000")));
        ByteBuf packet = Unpooled.buffer(7 + request.length).writeZero(7).writeBytes(request);
        packet.readerIndex(7);
        try {
            Ipv4Packet ip = Ipv4Packet.newUnchecked(packet);
            assertTrue(Ipv4Options.updateForEchoReply(ip, RESPONDER, NOW));
            assertEquals(7, ip.base());
            assertEquals(28, ip.headerLength());
            assertEquals(28 + ICMP_LENGTH, packet.readableBytes());
            assertTrue(ip.verifyHeaderChecksum());
            assertNull(Ipv4Packet.newUnchecked(packet).checkLength());
            assertEquals(8, packet.getUnsignedByte(ip.payloadOffset()), "echo request type moved to the new place");
        } finally {
            packet.release();
        }
    }
}
