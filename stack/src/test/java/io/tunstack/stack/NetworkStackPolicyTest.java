package io.tunstack.stack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.address.InterfaceAddress;
import io.tunstack.stack.address.Ipv4Address;
import io.tunstack.stack.config.StackConfig;
import io.tunstack.stack.verdict.Answer;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.verdict.StackCounters;
import io.tunstack.stack.verdict.Verdict;
import io.tunstack.stack.wire.Icmpv4Packet;
import io.tunstack.stack.wire.Icmpv4Type;
import io.tunstack.stack.wire.Ipv4Packet;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The address and ICMP type rules of a host, on the default configuration (tun0 at 172.21.22.23/24, answering the
 * other unicast addresses of the subnet): named cases, each with the rule it checks.
 */
@ExtendWith(LeakDetection.class)
class NetworkStackPolicyTest {

    private static final int KERNEL = ip("172.21.22.23");
    private static final int ANSWERED = ip("172.21.22.26");
    private static final int SUBNET_BROADCAST = ip("172.21.22.255");
    private static final Verdict ECHO_REPLY = Verdict.answered(Answer.ICMPV4_ECHO_REPLY);
    private static final byte[] DATA = Arrays.copyOfRange(CapturedPackets.ECHO_REQUEST_LOOPBACK, 28, 84);

    private static int ip(String text) {
        return Ipv4Address.parse(text);
    }

    private static StackConfig defaults() {
        return StackConfig.builder().address(InterfaceAddress.ipv4(KERNEL, 24)).build();
    }

    static Stream<Arguments> unanswered() {
        return Stream.of(
                // RFC 1122 3.2.1.3: "A host MUST silently discard an incoming datagram containing an IP source
                // address that is invalid by the rules of this section."
                drop("source 0.0.0.0: (a) {0, 0} MUST NOT be sent, except as a source address as part of an "
                        + "initialization procedure", echo(ip("0.0.0.0"), ANSWERED),
                        DropReason.IPV4_SOURCE_UNSPECIFIED),
                drop("source 0.1.2.3: (b) {0, <Host-number>} likewise", echo(ip("0.1.2.3"), ANSWERED),
                        DropReason.IPV4_SOURCE_UNSPECIFIED),
                drop("source 255.255.255.255: (c) limited broadcast MUST NOT be used as a source address",
                        echo(ip("255.255.255.255"), ANSWERED), DropReason.IPV4_SOURCE_BROADCAST),
                drop("source 172.21.22.255: (d) directed broadcast MUST NOT be used as a source address",
                        echo(SUBNET_BROADCAST, ANSWERED), DropReason.IPV4_SOURCE_BROADCAST),
                drop("source 224.0.0.1: a multicast source", echo(ip("224.0.0.1"), ANSWERED),
                        DropReason.IPV4_SOURCE_MULTICAST),
                drop("source 127.0.0.1: (g) loopback MUST NOT appear outside a host", echo(ip("127.0.0.1"), ANSWERED),
                        DropReason.IPV4_SOURCE_LOOPBACK),
                drop("source 240.0.0.1: class E, reserved", echo(ip("240.0.0.1"), ANSWERED),
                        DropReason.IPV4_SOURCE_CLASS_E),
                drop("destination 172.21.22.23: the kernel's own address, never tunstack's", echo(ip("172.21.22.9"),
                        KERNEL), DropReason.IPV4_NOT_ANSWERED),
                drop("destination 10.9.9.9: routed to tun0 but outside the answered set", echo(KERNEL, ip("10.9.9.9")),
                        DropReason.IPV4_NOT_ANSWERED),
                drop("destination 172.21.22.0: the network address is not a host", echo(KERNEL, ip("172.21.22.0")),
                        DropReason.IPV4_NOT_ANSWERED),
                drop("destination 224.0.0.1: tunstack joins no multicast group", echo(KERNEL, ip("224.0.0.1")),
                        DropReason.IPV4_DESTINATION_MULTICAST),
                drop("echo to 172.21.22.255: ignored by default (Linux icmp_echo_ignore_broadcasts=1; RFC 1122 "
                        + "3.2.2.6: MAY be silently ignored)", echo(KERNEL, SUBNET_BROADCAST),
                        DropReason.ICMP_BROADCAST_IGNORED),
                drop("echo to 255.255.255.255: ignored by default", echo(KERNEL, ip("255.255.255.255")),
                        DropReason.ICMP_BROADCAST_IGNORED),
                drop("address mask request to broadcast: never accepted there (Linux icmp_rcv)",
                        icmp(SUBNET_BROADCAST, Icmpv4Type.ADDRESS_MASK_REQUEST, 0, 4), DropReason.ICMP_BROADCAST_TYPE),
                drop("echo code 1: RFC 792 defines code 0 only", icmp(ANSWERED, 8, 1, 8),
                        DropReason.ICMP_ECHO_BAD_CODE),
                drop("echo reply: tunstack sent no request (Linux icmp_discard)", icmp(ANSWERED, 0, 0, 8),
                        DropReason.ICMP_ECHO_REPLY_IGNORED),
                drop("destination unreachable: RFC 1122 3.2.2 an error MUST NOT be answered with an error",
                        icmp(ANSWERED, 3, 1, 28), DropReason.ICMP_ERROR_IGNORED),
                drop("source quench", icmp(ANSWERED, 4, 0, 28), DropReason.ICMP_ERROR_IGNORED),
                drop("redirect", icmp(ANSWERED, 5, 1, 28), DropReason.ICMP_ERROR_IGNORED),
                drop("time exceeded", icmp(ANSWERED, 11, 0, 28), DropReason.ICMP_ERROR_IGNORED),
                drop("parameter problem", icmp(ANSWERED, 12, 0, 28), DropReason.ICMP_ERROR_IGNORED),
                drop("router advertisement: Linux icmp_discard", icmp(ANSWERED, 9, 0, 8),
                        DropReason.ICMP_QUERY_IGNORED),
                drop("router solicitation: Linux icmp_discard", icmp(ANSWERED, 10, 0, 0),
                        DropReason.ICMP_QUERY_IGNORED),
                drop("timestamp reply: Linux icmp_discard", icmp(ANSWERED, 14, 0, 12), DropReason.ICMP_QUERY_IGNORED),
                drop("information request: RFC 1122 3.2.2.7 SHOULD NOT be implemented", icmp(ANSWERED, 15, 0, 0),
                        DropReason.ICMP_QUERY_IGNORED),
                drop("information reply", icmp(ANSWERED, 16, 0, 0), DropReason.ICMP_QUERY_IGNORED),
                drop("address mask request: Linux stopped answering (RFC 1122 3.2.2.9: MAY, if authoritative)",
                        icmp(ANSWERED, 17, 0, 4), DropReason.ICMP_QUERY_IGNORED),
                drop("address mask reply", icmp(ANSWERED, 18, 0, 4), DropReason.ICMP_QUERY_IGNORED),
                drop("type 1: unassigned", icmp(ANSWERED, 1, 0, 8), DropReason.ICMP_UNKNOWN_TYPE),
                drop("type 6: alternate host address, deprecated", icmp(ANSWERED, 6, 0, 8),
                        DropReason.ICMP_UNKNOWN_TYPE),
                drop("type 19: above Linux's NR_ICMP_TYPES", icmp(ANSWERED, 19, 0, 8), DropReason.ICMP_UNKNOWN_TYPE),
                drop("type 255", icmp(ANSWERED, 255, 0, 8), DropReason.ICMP_UNKNOWN_TYPE),
                drop("timestamp request with only the originate timestamp (Linux would answer; RFC 792 format "
                        + "required here)", icmp(ANSWERED, 13, 0, 4), DropReason.ICMP_TIMESTAMP_TRUNCATED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unanswered")
    void getsNoReply(String name, byte[] request, DropReason expected) {
        StackCounters counters = new StackCounters();
        NetworkStack stack = new NetworkStack(defaults(), counters, TestEnvironment.fixed(0x4242));
        RecordingTransmitter tx = new RecordingTransmitter();
        ByteBuf packet = CapturedPackets.copy(request);
        try {
            assertEquals(Verdict.dropped(expected), stack.receive(packet, tx));
        } finally {
            assertTrue(packet.release());
        }
        assertEquals(0, tx.packets().size());
        assertEquals(1, counters.dropped(expected));
        assertEquals(0, counters.transmitted());
    }

    @Test
    void answersEveryAnsweredAddressFromThatAddress() {
        NetworkStack stack = new NetworkStack(defaults(), new StackCounters(), TestEnvironment.fixed(7));
        for (int host = 1; host <= 254; host++) {
            int destination = ip("172.21.22.0") + host;
            RecordingTransmitter tx = new RecordingTransmitter();
            ByteBuf packet = CapturedPackets.copy(echo(KERNEL, destination));
            try {
                Verdict verdict = stack.receive(packet, tx);
                if (destination == KERNEL) {
                    assertEquals(Verdict.dropped(DropReason.IPV4_NOT_ANSWERED), verdict);
                    continue;
                }
                assertEquals(ECHO_REPLY, verdict, Ipv4Address.format(destination));
                assertReply(tx.single(), destination, KERNEL);
            } finally {
                assertTrue(packet.release());
            }
        }
    }

    @Test
    void answersBroadcastEchoWhenConfiguredFromTheLowestAnsweredAddress() {
        StackConfig config =
                StackConfig.builder().address(InterfaceAddress.ipv4(KERNEL, 24)).answerBroadcast(true).build();
        NetworkStack stack = new NetworkStack(config, new StackCounters(), TestEnvironment.fixed(7));
        for (int broadcast : new int[] {SUBNET_BROADCAST, ip("255.255.255.255")}) {
            RecordingTransmitter tx = new RecordingTransmitter();
            ByteBuf packet = CapturedPackets.copy(echo(KERNEL, broadcast));
            try {
                assertEquals(ECHO_REPLY, stack.receive(packet, tx));
                // RFC 1122 3.2.1.3: a broadcast address MUST NOT be used as a source; Linux uses its own address.
                assertReply(tx.single(), ip("172.21.22.1"), KERNEL);
            } finally {
                assertTrue(packet.release());
            }
        }
    }

    @Test
    void answersTimestampRequestsAsLinuxDoes() {
        // RFC 792: Originate copied; Receive and Transmit "milliseconds since midnight UT". The fixed clock says noon.
        byte[] rest = CapturedPackets.hex("abcd 0007 0123 4567 0000 0000 0000 0000 ffff ffff");
        NetworkStack stack = new NetworkStack(defaults(), new StackCounters(), TestEnvironment.fixed(9));
        RecordingTransmitter tx = new RecordingTransmitter();
        ByteBuf packet = CapturedPackets.copy(CraftedPackets.icmp(KERNEL, ANSWERED, 13, 0, rest));
        try {
            assertEquals(Verdict.answered(Answer.ICMPV4_TIMESTAMP_REPLY), stack.receive(packet, tx));
        } finally {
            assertTrue(packet.release());
        }
        byte[] reply = tx.single();
        assertEquals(40, reply.length, "Linux replies with exactly 20 bytes of ICMP, whatever followed");
        ByteBuf view = CapturedPackets.copy(reply);
        try {
            Ipv4Packet ip = Ipv4Packet.newUnchecked(view);
            assertTrue(ip.verifyHeaderChecksum());
            assertEquals(40, ip.totalLength());
            assertEquals(ANSWERED, ip.sourceAddress());
            Icmpv4Packet icmp = new Icmpv4Packet().wrap(view, 20, 20);
            assertTrue(icmp.verifyChecksum());
            assertEquals(Icmpv4Type.TIMESTAMP_REPLY, icmp.type());
            assertEquals(0xabcd, icmp.identifier());
            assertEquals(7, icmp.sequenceNumber());
            assertEquals(0x01234567, view.getInt(28), "originate copied");
            assertEquals(12 * 3600 * 1000, view.getInt(32), "receive");
            assertEquals(12 * 3600 * 1000, view.getInt(36), "transmit");
        } finally {
            assertTrue(view.release());
        }
    }

    /** Checks a reply's addresses, checksums, type and that its ICMP body is the request's {@link #DATA}. */
    private static void assertReply(byte[] reply, int source, int destination) {
        ByteBuf view = CapturedPackets.copy(reply);
        try {
            Ipv4Packet ip = Ipv4Packet.newUnchecked(view);
            assertNull(ip.checkLength());
            assertTrue(ip.verifyHeaderChecksum());
            assertEquals(source, ip.sourceAddress());
            assertEquals(destination, ip.destinationAddress());
            assertEquals(64, ip.ttl());
            Icmpv4Packet icmp = new Icmpv4Packet().wrap(view, ip.payloadOffset(), ip.payloadLength());
            assertTrue(icmp.verifyChecksum());
            assertEquals(Icmpv4Type.ECHO_REPLY, icmp.type());
            assertEquals(0x4caf, icmp.identifier());
            assertEquals(1, icmp.sequenceNumber());
            assertArrayEquals(DATA, Arrays.copyOfRange(reply, icmp.dataOffset(), reply.length));
        } finally {
            assertTrue(view.release());
        }
    }

    private static Arguments drop(String name, byte[] request, DropReason expected) {
        return Arguments.of(name, request, expected);
    }

    private static byte[] echo(int source, int destination) {
        return CraftedPackets.echoRequest(source, destination, 0x4caf, 1, DATA);
    }

    /** An ICMP message from the kernel's address with {@code dataLength} zero bytes after the rest of header. */
    private static byte[] icmp(int destination, int type, int code, int dataLength) {
        return CraftedPackets.icmp(KERNEL, destination, type, code, new byte[4 + dataLength]);
    }
}
