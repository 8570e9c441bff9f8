package io.tunstack.stack.wire;

import static io.tunstack.stack.wire.CapturedIpv6Packets.ECHO_REPLY;
import static io.tunstack.stack.wire.CapturedIpv6Packets.ECHO_REQUEST;
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
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Built from the real captured {@code ping -6} and the kernel's reply ({@link CapturedIpv6Packets}). */
@ExtendWith(LeakDetection.class)
class Icmpv6PacketTest {

    private static final int IP_HEADER = Ipv6Packet.HEADER_LENGTH;
    private static final int ICMP_LENGTH = 64;

    @Test
    void deconstructsTheCapturedRequest() {
        ByteBuf buffer = CapturedIpv6Packets.copy(ECHO_REQUEST);
        try {
            Ipv6Packet ip = Ipv6Packet.newUnchecked(buffer);
            Icmpv6Packet icmp = new Icmpv6Packet().wrap(buffer, ip.payloadOffset(), ip.payloadLength());
            assertNull(icmp.checkLength());
            assertEquals(Icmpv6Type.ECHO_REQUEST, icmp.type());
            assertEquals(0, icmp.code());
            assertEquals(0x8000, icmp.typeAndCode());
            assertEquals(0x7622, icmp.checksum());
            assertEquals(0x1230, icmp.identifier());
            assertEquals(1, icmp.sequenceNumber());
            assertTrue(icmp.isEcho());
            assertEquals(IP_HEADER + 8, icmp.dataOffset());
            assertEquals(56, icmp.dataLength());
            assertEquals(0x10, buffer.getByte(icmp.dataOffset() + 16), "iputils pattern starts after the timeval");
            assertEquals("ICMP6, echo request, id 4656, seq 1, length 64", icmp.summary());
        } finally {
            assertTrue(buffer.release());
        }
    }

    @Test
    void capturedRequestAndReplyVerifyOverThePseudoHeader() {
        for (byte[] packet : List.of(ECHO_REQUEST, ECHO_REPLY)) {
            ByteBuf buffer = CapturedIpv6Packets.copy(packet);
            try {
                Ipv6Packet ip = Ipv6Packet.newUnchecked(buffer);
                int pseudoHeaderSum = ip.pseudoHeaderSum(ICMP_LENGTH, IpProtocol.ICMPV6);
                Icmpv6Packet icmp = new Icmpv6Packet().wrap(buffer, IP_HEADER, ICMP_LENGTH);
                assertTrue(icmp.verifyChecksum(pseudoHeaderSum));
                assertFalse(Checksum.isValid(buffer, IP_HEADER, ICMP_LENGTH), "the message alone does not verify");
                int stored = icmp.checksum();
                icmp.fillChecksum(pseudoHeaderSum);
                assertEquals(stored, icmp.checksum(), "a full recomputation gives the kernel's checksum");
                assertFalse(icmp.verifyChecksum(pseudoHeaderSum + 1), "a different pseudo-header fails");
            } finally {
                assertTrue(buffer.release());
            }
        }
    }

    @Test
    void incrementalUpdateFromRequestToReplyGivesTheKernelsChecksum() {
        // RFC 1624 eqn. 3 for the first word 0x8000 -> 0x8100: ~(~0x7622 + ~0x8000 + 0x8100) = 0x7522.
        // The swapped addresses leave the pseudo-header's sum unchanged: addition is commutative.
        assertEquals(0x7522, Checksum.update(0x7622, 0x8000, 0x8100));
    }

    @Test
    void constructsTheCapturedRequestBySettersIntoA5Filler() {
        byte[] filler = new byte[ECHO_REQUEST.length];
        Arrays.fill(filler, (byte) 0xa5);
        System.arraycopy(ECHO_REQUEST, 0, filler, 0, IP_HEADER); // the IPv6 header, for the pseudo-header
        ByteBuf buffer = CapturedIpv6Packets.copy(filler);
        try {
            Icmpv6Packet icmp = new Icmpv6Packet().wrap(buffer, IP_HEADER, ICMP_LENGTH);
            icmp.setType(Icmpv6Type.ECHO_REQUEST);
            icmp.setCode(0);
            icmp.setIdentifier(0x1230);
            icmp.setSequenceNumber(1);
            buffer.setBytes(icmp.dataOffset(), ECHO_REQUEST, IP_HEADER + 8, 56);
            icmp.fillChecksum(Ipv6Packet.newUnchecked(buffer).pseudoHeaderSum(ICMP_LENGTH, IpProtocol.ICMPV6));
            assertArrayEquals(ECHO_REQUEST, ByteBufUtil.getBytes(buffer));
        } finally {
            assertTrue(buffer.release());
        }
    }

    @Test
    void readsThePortUnreachableTheKernelSent() {
        ByteBuf buffer = CapturedIpv6Packets.copy(CapturedIpv6Packets.PORT_UNREACHABLE);
        try {
            Ipv6Packet ip = Ipv6Packet.newUnchecked(buffer);
            Icmpv6Packet icmp = new Icmpv6Packet().wrap(buffer, ip.payloadOffset(), ip.payloadLength());
            assertEquals(Icmpv6Type.DESTINATION_UNREACHABLE, icmp.type());
            assertEquals(4, icmp.code(), "port unreachable");
            assertTrue(Icmpv6Type.isError(icmp.type()));
            assertTrue(icmp.verifyChecksum(ip.pseudoHeaderSum(icmp.length(), IpProtocol.ICMPV6)));
            Ipv6Packet quoted = new Ipv6Packet().wrap(buffer, icmp.dataOffset(), icmp.dataLength());
            assertNull(quoted.checkLength(), "the invoking packet is quoted whole");
            assertEquals(IpProtocol.UDP, quoted.nextHeader());
            assertEquals("ICMP6, destination unreachable, port unreachable, length 60", icmp.summary());
            assertEquals(0, Icmpv6Packet.UNUSED_FIELD.value(buffer, icmp.base()));
        } finally {
            assertTrue(buffer.release());
        }
    }

    @Test
    void secondWordOfPacketTooBigAndParameterProblem() {
        ByteBuf buffer = CapturedIpv6Packets.copy(ECHO_REQUEST);
        try {
            Icmpv6Packet icmp = new Icmpv6Packet().wrap(buffer, IP_HEADER, ICMP_LENGTH);
            icmp.setType(Icmpv6Type.PACKET_TOO_BIG);
            icmp.setMtu(1280);
            assertEquals(1280, icmp.mtu());
            assertEquals(1280, Icmpv6Packet.MTU_FIELD.value(buffer, IP_HEADER));
            icmp.setType(Icmpv6Type.PARAMETER_PROBLEM);
            icmp.setPointer(0xFFFF_FFFEL);
            assertEquals(0xFFFF_FFFEL, icmp.pointer(), "the pointer is 32 bits, unsigned");
            assertEquals(0xFFFF_FFFEL, Icmpv6Packet.POINTER_FIELD.value(buffer, IP_HEADER));
            assertEquals(0, icmp.code(), "the second word's setters keep the first word");
        } finally {
            assertTrue(buffer.release());
        }
    }

    @Test
    void checkLengthNeedsTheEightByteHeader() {
        ByteBuf buffer = CapturedIpv6Packets.copy(ECHO_REQUEST);
        try {
            assertEquals(DropReason.ICMPV6_TRUNCATED, new Icmpv6Packet().wrap(buffer, IP_HEADER, 7).checkLength());
            assertEquals(DropReason.ICMPV6_TRUNCATED, new Icmpv6Packet().wrap(buffer, IP_HEADER, 0).checkLength());
            assertNull(new Icmpv6Packet().wrap(buffer, IP_HEADER, 8).checkLength());
        } finally {
            assertTrue(buffer.release());
        }
    }

    @Test
    void typesBelow128AreErrors() {
        assertTrue(Icmpv6Type.isError(Icmpv6Type.DESTINATION_UNREACHABLE));
        assertTrue(Icmpv6Type.isError(Icmpv6Type.PARAMETER_PROBLEM));
        assertTrue(Icmpv6Type.isError(127));
        assertFalse(Icmpv6Type.isError(Icmpv6Type.ECHO_REQUEST));
        assertFalse(Icmpv6Type.isError(Icmpv6Type.MULTICAST_LISTENER_REPORT_V2));
        assertEquals("multicast-listener-report-v2", Icmpv6Type.name(143));
        assertEquals("type-200", Icmpv6Type.name(200));
        assertEquals("port unreachable", Icmpv6Type.codeName(Icmpv6Type.DESTINATION_UNREACHABLE,
                Icmpv6Type.CODE_PORT_UNREACHABLE));
        assertEquals("unrecognized Next Header type encountered",
                Icmpv6Type.codeName(Icmpv6Type.PARAMETER_PROBLEM, Icmpv6Type.CODE_UNRECOGNIZED_NEXT_HEADER));
        assertEquals("fragment reassembly time exceeded",
                Icmpv6Type.codeName(Icmpv6Type.TIME_EXCEEDED, Icmpv6Type.CODE_REASSEMBLY_TIME_EXCEEDED));
        assertEquals("code 9", Icmpv6Type.codeName(Icmpv6Type.DESTINATION_UNREACHABLE, 9));
        assertEquals("code 0", Icmpv6Type.codeName(Icmpv6Type.ECHO_REQUEST, 0));
    }

    /**
     * RFC 1624 for ICMPv6 echo: the reply's checksum, updated for the first word 0x8000 -> 0x8100, equals a full
     * recomputation over the pseudo-header, for any addresses, identifier, sequence and data. The pseudo-header's
     * next header (58) is never zero, so the data is never all zero and eqn. 3 has no ambiguous case here. Requests
     * are steered so that their checksums include 0x0000, 0x0100 (whose reply checksum is 0x0000) and values below
     * 0x0100, where subtracting 0x0100 must borrow through the end-around carry.
     */
    @Property(tries = 2000)
    void incrementalEchoReplyUpdateEqualsFullRecomputation(@ForAll("requests") byte[] packet) {
        ByteBuf buffer = Unpooled.wrappedBuffer(packet);
        try {
            Ipv6Packet ip = Ipv6Packet.newUnchecked(buffer);
            int length = ip.payloadLength();
            int pseudoHeaderSum = ip.pseudoHeaderSum(length, IpProtocol.ICMPV6);
            Icmpv6Packet icmp = new Icmpv6Packet().wrap(buffer, ip.payloadOffset(), length);
            int before = icmp.checksum();
            assertTrue(icmp.verifyChecksum(pseudoHeaderSum), "the generated request is valid");

            // The reply as tunstack builds it in place: addresses swapped, type 129, checksum updated.
            long sourceHigh = ip.sourceHigh();
            long sourceLow = ip.sourceLow();
            ip.setSource(ip.destinationHigh(), ip.destinationLow());
            ip.setDestination(sourceHigh, sourceLow);
            int oldWord = icmp.typeAndCode();
            icmp.setType(Icmpv6Type.ECHO_REPLY);
            int incremental = Checksum.update(before, oldWord, icmp.typeAndCode());

            icmp.fillChecksum(ip.pseudoHeaderSum(length, IpProtocol.ICMPV6));
            Statistics.label("request checksum").collect(category(before));
            Statistics.label("request checksum").coverage(coverage -> {
                coverage.check("0x0000").count(count -> count > 0);
                coverage.check("0x0100").count(count -> count > 0);
                coverage.check("<0x0100").count(count -> count > 0);
            });
            assertEquals(icmp.checksum(), incremental, () -> "request checksum " + Integer.toHexString(before));
        } finally {
            assertTrue(buffer.release());
        }
    }

    private static String category(int checksum) {
        if (checksum == 0x0000) {
            return "0x0000";
        }
        if (checksum == 0x0100) {
            return "0x0100";
        }
        return checksum < 0x0100 ? "<0x0100" : "other";
    }

    @AfterProperty
    void noLeaks() {
        LeakDetection.assertNoLeaks();
    }

    /** Echo requests with random addresses, identifier, sequence and data, some steered to a target checksum. */
    @Provide
    Arbitrary<byte[]> requests() {
        Arbitrary<byte[]> addresses = Arbitraries.bytes().array(byte[].class).ofSize(32);
        Arbitrary<byte[]> data = Arbitraries.bytes().array(byte[].class).ofMinSize(2).ofMaxSize(120);
        Arbitrary<Integer> target = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(-1)),
                Tuple.of(2, Arbitraries.of(0x0000, 0x0100, 0x00ff, 0x0001)),
                Tuple.of(2, Arbitraries.integers().between(0, 0x00ff)));
        return Combinators.combine(addresses, Arbitraries.integers().between(0, 0xFFFF),
                Arbitraries.integers().between(0, 0xFFFF), data, target).as(Icmpv6PacketTest::request);
    }

    private static byte[] request(byte[] addresses, int identifier, int sequence, byte[] data, int target) {
        int length = Icmpv6Packet.HEADER_LENGTH + (data.length & ~1);
        byte[] bytes = new byte[Ipv6Packet.HEADER_LENGTH + length];
        ByteBuf buffer = Unpooled.wrappedBuffer(bytes);
        Ipv6Packet ip = new Ipv6Packet().wrap(buffer, 0, bytes.length);
        ip.setVersion(6);
        ip.setPayloadLength(length);
        ip.setNextHeader(IpProtocol.ICMPV6);
        ip.setHopLimit(64);
        buffer.setBytes(8, addresses);
        Icmpv6Packet icmp = new Icmpv6Packet().wrap(buffer, Ipv6Packet.HEADER_LENGTH, length);
        icmp.setType(Icmpv6Type.ECHO_REQUEST);
        icmp.setIdentifier(identifier);
        icmp.setSequenceNumber(sequence);
        buffer.setBytes(icmp.dataOffset(), data, 0, length - Icmpv6Packet.HEADER_LENGTH);
        int pseudoHeaderSum = ip.pseudoHeaderSum(length, IpProtocol.ICMPV6);
        if (target >= 0) {
            // Choose the last data word so that the checksum is the target: fold(rest + last) == ~target.
            int lastWord = icmp.dataOffset() + icmp.dataLength() - 2;
            buffer.setShort(lastWord, 0);
            icmp.setChecksum(0);
            int rest = Checksum.fold(pseudoHeaderSum + Checksum.sum(buffer, icmp.base(), length));
            buffer.setShort(lastWord, Checksum.fold((~target & 0xFFFF) + (~rest & 0xFFFF)));
        }
        icmp.fillChecksum(pseudoHeaderSum);
        return bytes;
    }
}
