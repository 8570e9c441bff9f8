package io.tunstack.stack.ipv6;

import static io.tunstack.stack.ipv6.Ipv6TestPackets.DESTINATION_OPTIONS;
import static io.tunstack.stack.ipv6.Ipv6TestPackets.FRAGMENT;
import static io.tunstack.stack.ipv6.Ipv6TestPackets.HOP_BY_HOP;
import static io.tunstack.stack.ipv6.Ipv6TestPackets.ICMPV6;
import static io.tunstack.stack.ipv6.Ipv6TestPackets.NO_NEXT_HEADER;
import static io.tunstack.stack.ipv6.Ipv6TestPackets.ROUTING;
import static io.tunstack.stack.ipv6.Ipv6TestPackets.SCTP;
import static io.tunstack.stack.ipv6.Ipv6TestPackets.concat;
import static io.tunstack.stack.ipv6.Ipv6TestPackets.echoBody;
import static io.tunstack.stack.ipv6.Ipv6TestPackets.echoRequest;
import static io.tunstack.stack.ipv6.Ipv6TestPackets.fragmentHeader;
import static io.tunstack.stack.ipv6.Ipv6TestPackets.icmpv6;
import static io.tunstack.stack.ipv6.Ipv6TestPackets.optionsHeader;
import static io.tunstack.stack.ipv6.Ipv6TestPackets.packet;
import static io.tunstack.stack.ipv6.Ipv6TestPackets.routingHeader;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.CapturedPackets;
import io.tunstack.stack.LeakDetection;
import io.tunstack.stack.NetworkStack;
import io.tunstack.stack.RecordingTransmitter;
import io.tunstack.stack.TestEnvironment;
import io.tunstack.stack.address.InterfaceAddress;
import io.tunstack.stack.config.StackConfig;
import io.tunstack.stack.verdict.Answer;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.verdict.StackCounters;
import io.tunstack.stack.verdict.Verdict;
import io.tunstack.stack.wire.CapturedIpv6Packets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The IPv6 layer through the stack's entry point: what is answered and how, and one case per rule that drops a packet,
 * with the ICMPv6 error Linux would send where it sends one.
 */
@ExtendWith(LeakDetection.class)
class Ipv6LayerTest {

    /** The kernel's own address on tun0: the source of the namespace's pings. */
    private static final String KERNEL = "fd00:172:21:22::23";
    /** A virtual host. */
    private static final String HOST = "fd00:172:21:22::26";

    private final StackCounters counters = new StackCounters();
    private final TestEnvironment.ManualNanoClock clock = new TestEnvironment.ManualNanoClock();
    private final RecordingTransmitter tx = new RecordingTransmitter();

    private static StackConfig.Builder config() {
        return StackConfig.builder().address(InterfaceAddress.parse(KERNEL + "/64"));
    }

    private NetworkStack stack(StackConfig config) {
        return new NetworkStack(config, counters, TestEnvironment.fixed((d, s, p) -> 0x1234, clock));
    }

    private Verdict receive(NetworkStack stack, byte[] bytes) {
        ByteBuf packet = CapturedPackets.copy(bytes);
        try {
            return stack.receive(packet, tx);
        } finally {
            packet.release();
        }
    }

    private Verdict receive(byte[] bytes) {
        try (NetworkStack stack = stack(config().build())) {
            return receive(stack, bytes);
        }
    }

    /**
     * A real {@code ping -6} request, and the Linux kernel's own reply to it: tunstack's reply is the kernel's byte for
     * byte but for the flow label, which Linux chooses by hashing the flow (auto_flowlabels) and tunstack leaves 0.
     */
    @Test
    void replyToACapturedRequestIsTheKernelsButForTheFlowLabel() {
        byte[] request = CapturedIpv6Packets.ECHO_REQUEST;
        StackConfig config = StackConfig.builder().address(InterfaceAddress.parse("fd00:172:21:22::23/64")).build();

        try (NetworkStack stack = stack(config)) {
            assertEquals(Verdict.answered(Answer.ICMPV6_ECHO_REPLY), receive(stack, request));
        }

        byte[] expected = CapturedIpv6Packets.ECHO_REPLY.clone();
        expected[1] &= 0xF0; // flow label, 20 bits: 0x4d366 in the kernel's reply
        expected[2] = 0;
        expected[3] = 0;
        assertArrayEquals(expected, tx.single());
    }

    @ParameterizedTest(name = "{0} data bytes")
    @ValueSource(ints = {0, 1, 56, 1452})
    void echoRequestIsAnsweredFromThePingedAddress(int dataLength) {
        byte[] request = echoRequest(KERNEL, HOST, dataLength);

        assertEquals(Verdict.answered(Answer.ICMPV6_ECHO_REPLY), receive(request));

        byte[] reply = tx.single();
        assertAll(
                () -> assertEquals(request.length, reply.length),
                () -> assertEquals(0x60, reply[0] & 0xF0, "version 6"),
                () -> assertEquals(request.length - 40, (reply[4] & 0xFF) << 8 | reply[5] & 0xFF, "payload length"),
                () -> assertEquals(ICMPV6, reply[6] & 0xFF, "next header"),
                () -> assertEquals(64, reply[7] & 0xFF, "hop limit"),
                () -> assertArrayEquals(Ipv6TestPackets.address(HOST), Arrays.copyOfRange(reply, 8, 24), "source"),
                () -> assertArrayEquals(Ipv6TestPackets.address(KERNEL), Arrays.copyOfRange(reply, 24, 40),
                        "destination"),
                () -> assertEquals(129, reply[40] & 0xFF, "type: echo reply"),
                () -> assertEquals(0, reply[41], "code"),
                () -> assertArrayEquals(Arrays.copyOfRange(request, 44, request.length),
                        Arrays.copyOfRange(reply, 44, reply.length), "identifier, sequence and data"),
                () -> assertTrue(Ipv6TestPackets.checksumValid(reply), "ICMPv6 checksum"));
        assertEquals(1, counters.sent(Answer.ICMPV6_ECHO_REPLY));
    }

    @Test
    void replyLargerThanTheMtuLeavesInFragments() {
        byte[] request = echoRequest(KERNEL, HOST, 1453);

        assertEquals(Verdict.answered(Answer.ICMPV6_ECHO_REPLY), receive(request));

        List<byte[]> fragments = tx.packets();
        assertEquals(2, fragments.size());
        byte[] message = new byte[0];
        for (byte[] fragment : fragments) {
            assertTrue(fragment.length <= StackConfig.DEFAULT_MTU);
            assertEquals(FRAGMENT, fragment[6] & 0xFF, "next header: fragment");
            assertEquals(ICMPV6, fragment[40] & 0xFF, "fragment header's next header");
            message = concat(message, Arrays.copyOfRange(fragment, 48, fragment.length));
        }
        byte[] first = fragments.get(0);
        assertEquals(1, first[43] & 1, "M set on the first fragment");
        assertEquals(0, fragments.get(1)[43] & 1, "M clear on the last");
        assertEquals(0, (first.length - 48) % 8, "first fragment's data is a multiple of 8 bytes");
        byte[] whole = concat(Arrays.copyOfRange(first, 0, 40), message);
        whole[4] = (byte) (message.length >>> 8);
        whole[5] = (byte) message.length;
        whole[6] = (byte) ICMPV6;
        assertTrue(Ipv6TestPackets.checksumValid(whole));
        assertEquals(2, counters.fragmentsSent());
    }

    static Stream<Arguments> droppedPackets() {
        byte[] echo = icmpv6(KERNEL, HOST, 128, 0, echoBody(1, 1, 8));
        byte[] badChecksum = echo.clone();
        badChecksum[2] ^= 0x01;
        return Stream.of(
                dropped("39 bytes: shorter than the fixed header", Arrays.copyOf(echoRequest(KERNEL, HOST, 8), 39),
                        DropReason.IPV6_TRUNCATED),
                dropped("payload length beyond the bytes read",
                        Arrays.copyOf(echoRequest(KERNEL, HOST, 8), 40 + 8), DropReason.IPV6_PAYLOAD_LENGTH_BEYOND_BYTES_READ),
                dropped("source ::", echoRequest("::", HOST, 8), DropReason.IPV6_SOURCE_UNSPECIFIED),
                dropped("source ::1", echoRequest("::1", HOST, 8), DropReason.IPV6_SOURCE_LOOPBACK),
                dropped("source multicast", echoRequest("ff02::1", HOST, 8), DropReason.IPV6_SOURCE_MULTICAST),
                dropped("source IPv4-mapped", echoRequest("::ffff:172.21.22.23", HOST, 8),
                        DropReason.IPV6_SOURCE_V4_MAPPED),
                dropped("destination: the kernel's own address", echoRequest(KERNEL, KERNEL, 8),
                        DropReason.IPV6_NOT_ANSWERED),
                dropped("destination outside the prefix", echoRequest(KERNEL, "fd00:1::26", 8),
                        DropReason.IPV6_NOT_ANSWERED),
                dropped("echo to all-nodes, not answered by default", echoRequest(KERNEL, "ff02::1", 8),
                        DropReason.IPV6_DESTINATION_MULTICAST),
                dropped("router solicitation to all-routers",
                        packet("fe80::1", "ff02::2", ICMPV6, 255, icmpv6("fe80::1", "ff02::2", 133, 0, new byte[4])),
                        DropReason.IPV6_LINK_CHATTER),
                dropped("MLDv2 report behind a Router Alert",
                        packet("fe80::1", "ff02::16", HOP_BY_HOP, 1, concat(
                                optionsHeader(ICMPV6, new byte[] {5, 2, 0, 0}),
                                icmpv6("fe80::1", "ff02::16", 143, 0, new byte[4]))),
                        DropReason.IPV6_LINK_CHATTER),
                dropped("option type 0x41 (action 01: discard)",
                        packet(KERNEL, HOST, DESTINATION_OPTIONS, 64,
                                concat(optionsHeader(ICMPV6, new byte[] {0x41, 0}), echo)),
                        DropReason.IPV6_UNRECOGNIZED_OPTION),
                dropped("option type 0x81 in front of an ICMPv6 error: never an error about an error",
                        packet(KERNEL, HOST, DESTINATION_OPTIONS, 64, concat(
                                optionsHeader(ICMPV6, new byte[] {(byte) 0x81, 0}),
                                icmpv6(KERNEL, HOST, 1, 4, new byte[52]))),
                        DropReason.IPV6_UNRECOGNIZED_OPTION),
                dropped("no next header", packet(KERNEL, HOST, NO_NEXT_HEADER, 64, new byte[0]),
                        DropReason.IPV6_NO_NEXT_HEADER),
                dropped("ICMPv6 shorter than its header", packet(KERNEL, HOST, ICMPV6, 64, new byte[] {(byte) 128, 0}),
                        DropReason.ICMPV6_TRUNCATED),
                dropped("bad ICMPv6 checksum", packet(KERNEL, HOST, ICMPV6, 64, badChecksum),
                        DropReason.ICMPV6_BAD_CHECKSUM),
                dropped("echo request with code 1",
                        packet(KERNEL, HOST, ICMPV6, 64, icmpv6(KERNEL, HOST, 128, 1, echoBody(1, 1, 8))),
                        DropReason.ICMPV6_ECHO_BAD_CODE),
                dropped("echo reply", packet(KERNEL, HOST, ICMPV6, 64, icmpv6(KERNEL, HOST, 129, 0, echoBody(1, 1, 8))),
                        DropReason.ICMPV6_ECHO_REPLY_IGNORED),
                dropped("destination unreachable: an error",
                        packet(KERNEL, HOST, ICMPV6, 64, icmpv6(KERNEL, HOST, 1, 4, new byte[52])),
                        DropReason.ICMPV6_ERROR_IGNORED),
                dropped("unknown informational type 200",
                        packet(KERNEL, HOST, ICMPV6, 64, icmpv6(KERNEL, HOST, 200, 0, new byte[4])),
                        DropReason.ICMPV6_UNHANDLED_TYPE));
    }

    private static Arguments dropped(String name, byte[] packet, DropReason reason) {
        return Arguments.of(name, packet, reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("droppedPackets")
    void droppedSilently(String name, byte[] packet, DropReason reason) {
        assertEquals(Verdict.dropped(reason), receive(packet));
        assertEquals(List.of(), tx.packets(), "nothing sent");
        assertEquals(1, counters.dropped(reason));
    }

    static Stream<Arguments> rejectedPackets() {
        byte[] echo = icmpv6(KERNEL, HOST, 128, 0, echoBody(1, 1, 8));
        return Stream.of(
                Arguments.of("Hop-by-Hop after Destination Options",
                        packet(KERNEL, HOST, DESTINATION_OPTIONS, 64,
                                concat(optionsHeader(HOP_BY_HOP, new byte[0]), optionsHeader(ICMPV6, new byte[0]), echo)),
                        DropReason.IPV6_HOP_BY_HOP_NOT_FIRST, 1, 40),
                Arguments.of("option type 0x81 (action 10)",
                        packet(KERNEL, HOST, DESTINATION_OPTIONS, 64,
                                concat(optionsHeader(ICMPV6, new byte[] {(byte) 0x81, 0}), echo)),
                        DropReason.IPV6_UNRECOGNIZED_OPTION, 2, 42),
                Arguments.of("option type 0xC1 (action 11), unicast destination",
                        packet(KERNEL, HOST, HOP_BY_HOP, 64,
                                concat(optionsHeader(ICMPV6, new byte[] {(byte) 0xC1, 0}), echo)),
                        DropReason.IPV6_UNRECOGNIZED_OPTION, 2, 42),
                Arguments.of("routing type 0 with segments left (RFC 5095)",
                        packet(KERNEL, HOST, ROUTING, 64, concat(routingHeader(ICMPV6, 0, 1), echo)),
                        DropReason.IPV6_BAD_ROUTING_HEADER, 0, 42),
                Arguments.of("SCTP: a next header tunstack does not speak",
                        packet(KERNEL, HOST, SCTP, 64, new byte[8]),
                        DropReason.IPV6_UNSUPPORTED_NEXT_HEADER, 1, 6),
                Arguments.of("a fragment that ends past 65,535 bytes (RFC 8200 4.5)",
                        packet(KERNEL, HOST, FRAGMENT, 64, concat(fragmentHeader(ICMPV6, 65528, false, 8),
                                new byte[16])),
                        DropReason.FRAGMENT_TOO_LARGE, 0, 42),
                Arguments.of("first fragment without the upper-layer header (RFC 7112)",
                        packet(KERNEL, HOST, FRAGMENT, 64, concat(fragmentHeader(DESTINATION_OPTIONS, 0, true, 7),
                                optionsHeader(ICMPV6, new byte[0]))),
                        DropReason.IPV6_INCOMPLETE_HEADER_CHAIN, 3, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedPackets")
    void answeredWithParameterProblem(String name, byte[] packet, DropReason reason, int code, int pointer) {
        assertEquals(Verdict.dropped(reason), receive(packet));

        byte[] error = tx.single();
        assertAll(
                () -> assertEquals(ICMPV6, error[6] & 0xFF),
                () -> assertArrayEquals(Ipv6TestPackets.address(HOST), Arrays.copyOfRange(error, 8, 24), "source"),
                () -> assertArrayEquals(Ipv6TestPackets.address(KERNEL), Arrays.copyOfRange(error, 24, 40),
                        "destination"),
                () -> assertEquals(4, error[40] & 0xFF, "type: parameter problem"),
                () -> assertEquals(code, error[41] & 0xFF, "code"),
                () -> assertEquals(pointer, (int) Ipv6TestPackets.longAt(error, 40) & 0xFFFFFFFF, "pointer"),
                () -> assertArrayEquals(packet, Arrays.copyOfRange(error, 48, error.length), "the packet quoted"),
                () -> assertTrue(Ipv6TestPackets.checksumValid(error), "ICMPv6 checksum"));
        assertEquals(1, counters.sent(Answer.ICMPV6_PARAMETER_PROBLEM));
    }

    @Test
    void skippableOptionsAndAnExhaustedRoutingHeaderAreAnswered() {
        byte[] echo = icmpv6(KERNEL, HOST, 128, 0, echoBody(1, 1, 8));
        assertEquals(Verdict.answered(Answer.ICMPV6_ECHO_REPLY), receive(packet(KERNEL, HOST, HOP_BY_HOP, 64,
                concat(optionsHeader(ROUTING, new byte[] {0x3E, 0}), routingHeader(ICMPV6, 0, 0), echo))));
        byte[] reply = tx.single();
        assertEquals(48 + 8, reply.length, "the reply carries no extension header");
        assertTrue(Ipv6TestPackets.checksumValid(reply));
    }

    @Test
    void atomicFragmentIsProcessedOnItsOwn() {
        byte[] echo = icmpv6(KERNEL, HOST, 128, 0, echoBody(1, 1, 8));
        assertEquals(Verdict.answered(Answer.ICMPV6_ECHO_REPLY),
                receive(packet(KERNEL, HOST, FRAGMENT, 64, concat(fragmentHeader(ICMPV6, 0, false, 9), echo))));
        assertTrue(Ipv6TestPackets.checksumValid(tx.single()));
    }

    @Test
    void fragmentsAreReassembledAndAnswered() {
        byte[] echo = icmpv6(KERNEL, HOST, 128, 0, echoBody(1, 1, 100));
        byte[] first = packet(KERNEL, HOST, FRAGMENT, 64,
                concat(fragmentHeader(ICMPV6, 0, true, 42), Arrays.copyOfRange(echo, 0, 64)));
        byte[] last = packet(KERNEL, HOST, FRAGMENT, 64,
                concat(fragmentHeader(ICMPV6, 64, false, 42), Arrays.copyOfRange(echo, 64, echo.length)));
        try (NetworkStack stack = stack(config().build())) {
            assertEquals(Verdict.HELD, receive(stack, first));
            assertEquals(Verdict.answered(Answer.ICMPV6_ECHO_REPLY), receive(stack, last));
        }
        byte[] reply = tx.single();
        assertEquals(40 + echo.length, reply.length);
        assertTrue(Ipv6TestPackets.checksumValid(reply));
        assertEquals(2, counters.received());
        assertEquals(counters.received(), counters.answeredTotal() + counters.held() + counters.droppedTotal());
    }

    @Test
    void reassemblyTimeoutSendsTimeExceededAfterSixtySeconds() {
        byte[] echo = icmpv6(KERNEL, HOST, 128, 0, echoBody(1, 1, 100));
        byte[] first = packet(KERNEL, HOST, FRAGMENT, 64,
                concat(fragmentHeader(ICMPV6, 0, true, 43), Arrays.copyOfRange(echo, 0, 64)));
        try (NetworkStack stack = stack(config().build())) {
            assertEquals(Verdict.HELD, receive(stack, first));
            clock.advance(Duration.ofSeconds(59));
            stack.poll(clock.getAsLong(), tx);
            assertEquals(List.of(), tx.packets(), "nothing before 60 s");
            clock.advance(Duration.ofSeconds(1));
            assertEquals(clock.getAsLong(), stack.nextDeadline());
            stack.poll(clock.getAsLong(), tx);
        }
        byte[] error = tx.single();
        assertEquals(3, error[40] & 0xFF, "time exceeded");
        assertEquals(1, error[41] & 0xFF, "code 1: fragment reassembly time exceeded");
        assertTrue(Ipv6TestPackets.checksumValid(error));
        assertEquals(1, counters.heldDiscarded(DropReason.REASSEMBLY_TIMEOUT));
    }

    @Test
    void multicastEchoIsAnsweredFromAUnicastAddressWhenAsked() {
        try (NetworkStack stack = stack(config().answerMulticast(true).build())) {
            assertEquals(Verdict.answered(Answer.ICMPV6_ECHO_REPLY), receive(stack, echoRequest(KERNEL, "ff02::1", 8)));
        }
        byte[] reply = tx.single();
        assertArrayEquals(Ipv6TestPackets.address("fd00:172:21:22::1"), Arrays.copyOfRange(reply, 8, 24),
                "from the lowest answered address");
        assertTrue(Ipv6TestPackets.checksumValid(reply));
    }

    @Test
    void eachFamilyIsDroppedWhenTheStackDoesNotRunIt() {
        try (NetworkStack ipv6Only = stack(config().build())) {
            assertEquals(Verdict.dropped(DropReason.IPV4_DISABLED),
                    receive(ipv6Only, CapturedPackets.ECHO_REQUEST_LOOPBACK));
        }
        try (NetworkStack ipv4Only = stack(StackConfig.builder()
                .address(InterfaceAddress.parse("172.21.22.23/24")).build())) {
            assertEquals(Verdict.dropped(DropReason.IPV6_DISABLED), receive(ipv4Only, echoRequest(KERNEL, HOST, 8)));
        }
    }
}
