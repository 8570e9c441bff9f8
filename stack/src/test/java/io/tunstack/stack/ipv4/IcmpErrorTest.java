package io.tunstack.stack.ipv4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.tunstack.stack.LeakDetection;
import io.tunstack.stack.ip.IpIdGenerator;
import io.tunstack.stack.ipv4.Ipv4Options;
import io.tunstack.stack.ipv4.Ipv4OptionsTestPackets;
import io.tunstack.stack.wire.Checksum;
import io.tunstack.stack.wire.Icmpv4Type;
import io.tunstack.stack.wire.IpProtocol;
import io.tunstack.stack.address.Ipv4Address;
import io.tunstack.stack.wire.Ipv4Packet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link IcmpError}: the bytes of a real kernel's Parameter Problem, the 576-byte limit, and RFC 1122 3.2.2. */
@ExtendWith(LeakDetection.class)
class IcmpErrorTest {

    /**
     * A real Linux 6.18 Parameter Problem (captured on the loopback device of a private network namespace) for an echo
     * request from 172.21.22.23 to 172.21.22.26 with TOS 0xff and a Record Route whose pointer is 3. Pointer 22, TOS
     * 0xde ({@code RT_TOS(0xff) | IPTOS_PREC_INTERNETCONTROL}), no DF, TTL 64, the whole 92-byte datagram quoted.
     */
    private static final String KERNEL_PARAMETER_PROBLEM = """
            45de0078f042000040010509ac15161aac151617
            0c00ddff16000000
            47ff005c123440004001970bac151617ac15161a0707030000000000
            0800f7f70007000100000000000000000000000000000000000000000000000000000000
            00000000000000000000000000000000000000000000000000000000
            """;
    private static final int HEADERS = Ipv4Packet.MIN_HEADER_LENGTH + 8;
    private static final int SUBNET_BROADCAST = Ipv4Address.parse("172.21.22.255");

    /** A fixed Identification: the tests below look at everything else. */
    private static final IpIdGenerator IDS = (destination, source, protocol) -> 0x1000;

    private final IcmpError errors = new IcmpError(ByteBufAllocator.DEFAULT, IDS, 1500);

    @Test
    void parameterProblemIsTheKernels() {
        ByteBuf kernel = Ipv4OptionsTestPackets.fromHex(KERNEL_PARAMETER_PROBLEM);
        ByteBuf offending = kernel.slice(HEADERS, kernel.readableBytes() - HEADERS);
        Ipv4Packet ip = Ipv4Packet.newUnchecked(offending);
        ByteBuf error = null;
        try {
            assertNull(ip.checkLength());
            int pointer = Ipv4Options.validate(ip);
            assertEquals(22, pointer);
            assertTrue(IcmpError.mayBeSentFor(ip, SUBNET_BROADCAST));

            error = errors.parameterProblem(ip, pointer);

            assertEquals(kernel.readableBytes(), error.readableBytes());
            Ipv4Packet out = Ipv4Packet.newUnchecked(error);
            assertTrue(out.verifyHeaderChecksum(), "header checksum");
            // Identification (and so the header checksum) is the sender's choice; every other byte is the kernel's.
            String expected = ByteBufUtil.hexDump(kernel);
            String actual = ByteBufUtil.hexDump(error);
            assertEquals(expected.substring(0, 8) + expected.substring(12, 20) + expected.substring(24),
                    actual.substring(0, 8) + actual.substring(12, 20) + actual.substring(24));
        } finally {
            kernel.release();
            if (error != null) {
                error.release();
                assertEquals(1, error.refCnt(), "the builder keeps its buffer for the next error");
            }
        }
        assertEquals(0, kernel.refCnt());
    }

    @Test
    void quotesAsMuchAsFitsIn576Bytes() {
        ByteBuf offending = datagram(1400, ip -> { });
        ByteBuf error = errors.parameterProblem(Ipv4Packet.newUnchecked(offending), 0);
        try {
            // RFC 1812 4.3.2.3: "without the length of the ICMP datagram exceeding 576 bytes"
            assertEquals(IcmpError.MAX_ERROR_LENGTH, error.readableBytes());
            Ipv4Packet out = Ipv4Packet.newUnchecked(error);
            assertEquals(576, out.totalLength());
            assertTrue(Checksum.isValid(error, out.payloadOffset(), out.payloadLength()), "ICMP checksum");
            assertEquals(ByteBufUtil.hexDump(offending, 0, 576 - HEADERS),
                    ByteBufUtil.hexDump(error, HEADERS, 576 - HEADERS), "the quote is the datagram's beginning");
        } finally {
            offending.release();
            error.release();
        }
        assertEquals(1, error.refCnt(), "the builder keeps its buffer for the next error");
    }

    @Test
    void buildsEveryErrorInOneBufferOfItsOwn() {
        ByteBuf offending = datagram(84, ip -> { });
        ByteBuf first = errors.destinationUnreachable(Ipv4Packet.newUnchecked(offending), 3);
        first.release();
        ByteBuf second = errors.parameterProblem(Ipv4Packet.newUnchecked(offending), 0);
        try {
            assertSame(first, second, "no allocation per error");
            assertEquals(Icmpv4Type.PARAMETER_PROBLEM, second.getUnsignedByte(Ipv4Packet.MIN_HEADER_LENGTH));
        } finally {
            offending.release();
            second.release();
        }
        errors.close();
        assertEquals(0, second.refCnt(), "close() releases it");
    }

    @AfterEach
    void closeErrors() {
        errors.close();
    }

    @Test
    void aSmallLinkMtuLimitsTheError() {
        IcmpError smallLink = new IcmpError(ByteBufAllocator.DEFAULT, IDS, 100);
        ByteBuf offending = datagram(400, ip -> { });
        ByteBuf error = smallLink.parameterProblem(Ipv4Packet.newUnchecked(offending), 0);
        try {
            assertEquals(100, error.readableBytes());
        } finally {
            offending.release();
            error.release();
            smallLink.close();
        }
    }

    @Test
    void aShortDatagramIsQuotedWhole() {
        ByteBuf offending = datagram(28, ip -> { });
        ByteBuf error = errors.destinationUnreachable(Ipv4Packet.newUnchecked(offending), 3);
        try {
            // RFC 1122 3.2.2: "the Internet header and at least the first 8 data octets of the datagram"
            assertEquals(HEADERS + 28, error.readableBytes());
            assertEquals(ByteBufUtil.hexDump(offending), ByteBufUtil.hexDump(error, HEADERS, 28));
        } finally {
            offending.release();
            error.release();
        }
    }

    @Test
    void destinationUnreachableCarriesItsCodeAndAnUnusedWord() {
        ByteBuf offending = datagram(84, ip -> { });
        ByteBuf error = errors.destinationUnreachable(Ipv4Packet.newUnchecked(offending),
                IcmpError.CODE_PROTOCOL_UNREACHABLE);
        try {
            Ipv4Packet out = Ipv4Packet.newUnchecked(error);
            assertEquals(IpProtocol.ICMP, out.protocol());
            assertEquals(Ipv4OptionsTestPackets.RESPONDER, out.sourceAddress());
            assertEquals(Ipv4OptionsTestPackets.KERNEL, out.destinationAddress());
            assertEquals(Icmpv4Type.DESTINATION_UNREACHABLE, error.getUnsignedByte(out.payloadOffset()));
            assertEquals(IcmpError.CODE_PROTOCOL_UNREACHABLE, error.getUnsignedByte(out.payloadOffset() + 1));
            assertEquals(0, error.getInt(out.payloadOffset() + 4), "RFC 792: unused");
            assertTrue(out.verifyHeaderChecksum());
            assertTrue(Checksum.isValid(error, out.payloadOffset(), out.payloadLength()));
        } finally {
            offending.release();
            error.release();
        }
    }

    @Test
    void theIdentificationComesFromTheGenerator() {
        ByteBuf offending = datagram(84, ip -> { });
        int[] asked = new int[3];
        IcmpError recorded = new IcmpError(ByteBufAllocator.DEFAULT, (destination, source, protocol) -> {
            asked[0] = destination;
            asked[1] = source;
            asked[2] = protocol;
            return 0xBEEF;
        }, 1500);
        ByteBuf first = recorded.parameterProblem(Ipv4Packet.newUnchecked(offending), 0);
        ByteBuf second = errors.parameterProblem(Ipv4Packet.newUnchecked(offending), 0);
        try {
            assertEquals(0xBEEF, Ipv4Packet.newUnchecked(first).identification());
            assertEquals(Ipv4OptionsTestPackets.KERNEL, asked[0], "the error goes to the offending source");
            assertEquals(Ipv4OptionsTestPackets.RESPONDER, asked[1]);
            assertEquals(IpProtocol.ICMP, asked[2]);
            assertTrue(Ipv4Packet.newUnchecked(second).verifyHeaderChecksum());
        } finally {
            offending.release();
            first.release();
            second.release();
            recorded.close();
        }
    }

    @Test
    void rejectsWhatCannotBeSent() {
        assertThrows(IllegalArgumentException.class, () -> new IcmpError(ByteBufAllocator.DEFAULT, IDS, 48));
        ByteBuf offending = datagram(84, ip -> { });
        try {
            assertThrows(IllegalArgumentException.class,
                    () -> errors.parameterProblem(Ipv4Packet.newUnchecked(offending), 256));
        } finally {
            offending.release();
        }
    }

    static Stream<Arguments> whenAnErrorMayBeSent() {
        int other = Ipv4Address.parse("172.21.22.99");
        return Stream.of(
                Arguments.of("an echo request from a unicast host", allowed(ip -> { })),
                Arguments.of("a first fragment (MF, offset 0)", allowed(ip -> ip.setMoreFragments(true))),
                Arguments.of("a UDP datagram", allowed(ip -> ip.setProtocol(IpProtocol.UDP))),
                // RFC 1122 3.2.2: "An ICMP error message MUST NOT be sent as the result of receiving: ..."
                Arguments.of("\"a non-initial fragment\"", refused(ip -> ip.setFragmentOffset(1))),
                Arguments.of("\"a datagram destined to an IP broadcast\": the subnet's",
                        refused(ip -> ip.setDestinationAddress(SUBNET_BROADCAST))),
                Arguments.of("\"... IP broadcast\": 255.255.255.255",
                        refused(ip -> ip.setDestinationAddress(Ipv4Address.LIMITED_BROADCAST))),
                Arguments.of("\"... or IP multicast address\"",
                        refused(ip -> ip.setDestinationAddress(Ipv4Address.parse("224.0.0.1")))),
                Arguments.of("\"a zero address\" as source", refused(ip -> ip.setSourceAddress(0))),
                Arguments.of("a 0.0.0.0/8 source", refused(ip -> ip.setSourceAddress(Ipv4Address.parse("0.1.2.3")))),
                Arguments.of("\"a loopback address\" as source",
                        refused(ip -> ip.setSourceAddress(Ipv4Address.LOOPBACK))),
                Arguments.of("\"a broadcast address\" as source",
                        refused(ip -> ip.setSourceAddress(SUBNET_BROADCAST))),
                Arguments.of("\"a multicast address\" as source",
                        refused(ip -> ip.setSourceAddress(Ipv4Address.parse("239.1.2.3")))),
                Arguments.of("\"a Class E address\" as source",
                        refused(ip -> ip.setSourceAddress(Ipv4Address.parse("240.0.0.1")))),
                Arguments.of("another unicast host", allowed(ip -> ip.setSourceAddress(other))),
                Arguments.of("\"an ICMP error message\": destination unreachable", refused(icmpType(3))),
                Arguments.of("\"an ICMP error message\": parameter problem", refused(icmpType(12))),
                Arguments.of("\"an ICMP error message\": time exceeded", refused(icmpType(11))),
                Arguments.of("\"an ICMP error message\": redirect", refused(icmpType(5))),
                Arguments.of("Linux: unassigned type 1 counts as an error", refused(icmpType(1))),
                Arguments.of("Linux: router advertisement (9) counts as an error", refused(icmpType(9))),
                Arguments.of("Linux: \"Assume any unknown ICMP type is an error\" (42)", refused(icmpType(42))),
                Arguments.of("an echo reply is a query, not an error", allowed(icmpType(0))),
                Arguments.of("a timestamp request is a query", allowed(icmpType(13))),
                Arguments.of("Linux: an ICMP message whose type cannot be read",
                        refused(ip -> ip.setTotalLength(ip.headerLength()))));
    }

    private static Object[] allowed(Consumer<Ipv4Packet> change) {
        return new Object[] {change, true};
    }

    private static Object[] refused(Consumer<Ipv4Packet> change) {
        return new Object[] {change, false};
    }

    private static Consumer<Ipv4Packet> icmpType(int type) {
        return ip -> ip.buffer().setByte(ip.payloadOffset(), type);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("whenAnErrorMayBeSent")
    @SuppressWarnings("unchecked")
    void followsRfc1122AndLinux(String name, Object[] change) {
        ByteBuf offending = datagram(84, (Consumer<Ipv4Packet>) change[0]);
        try {
            assertEquals(change[1], IcmpError.mayBeSentFor(Ipv4Packet.newUnchecked(offending), SUBNET_BROADCAST),
                    name);
        } finally {
            offending.release();
        }
    }

    /** An echo request of {@code totalLength} bytes from the kernel side to the responder, then {@code change}. */
    private static ByteBuf datagram(int totalLength, Consumer<Ipv4Packet> change) {
        byte[] request = Ipv4OptionsTestPackets.echoRequest(new byte[0]);
        ByteBuf buf = Unpooled.buffer(totalLength).writeBytes(request, 0, Math.min(totalLength, request.length));
        buf.writeZero(totalLength - buf.readableBytes());
        Ipv4Packet ip = Ipv4Packet.newUnchecked(buf);
        ip.setTotalLength(totalLength);
        change.accept(ip);
        ip.fillHeaderChecksum();
        return buf;
    }
}
