package io.tunstack.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.address.AddressSet;
import io.tunstack.stack.address.InterfaceAddress;
import io.tunstack.stack.config.StackConfig;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.verdict.StackCounters;
import io.tunstack.stack.verdict.Verdict;
import io.tunstack.stack.wire.Icmpv4Packet;
import io.tunstack.stack.wire.Ipv4Packet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One negative case per broken field of the captured request, in the order the stack checks them: each case breaks
 * exactly one thing (then repairs the checksums that would otherwise fail first, where noted) and expects its own
 * drop reason, counted, and no reply.
 */
@ExtendWith(LeakDetection.class)
class NetworkStackValidationTest {

    /** A mutation of the captured request, and whether to recompute the IPv4 and ICMP checksums afterwards. */
    private record Mutation(Consumer<ByteBuf> change, boolean fixIpChecksum, boolean fixIcmpChecksum) {
    }

    static Stream<Arguments> brokenFields() {
        return Stream.of(
                broken("empty packet", bytes -> bytes.writerIndex(0), DropReason.NOT_IP),
                broken("version 5 (RFC 791: Version 4)", setByte(0, 0x55), DropReason.NOT_IP),
                broken("version 6 with an IPv4 body: too short for IPv6", setByte(0, 0x65), DropReason.IPV6_DISABLED),
                broken("19 bytes: shorter than a header", bytes -> bytes.writerIndex(19), DropReason.IPV4_TRUNCATED),
                broken("IHL 4 (RFC 791: minimum value for a correct header is 5)", setByte(0, 0x44),
                        DropReason.IPV4_BAD_IHL),
                broken("IHL 15 but 40 bytes read", bytes -> {
                    bytes.setByte(0, 0x4f);
                    bytes.writerIndex(40);
                }, DropReason.IPV4_HEADER_TRUNCATED),
                broken("total length 19, below the header", setShort(2, 19), DropReason.IPV4_TOTAL_LENGTH_BELOW_HEADER),
                broken("total length 85, beyond the 84 bytes read", setShort(2, 85),
                        DropReason.IPV4_TOTAL_LENGTH_BEYOND_BYTES_READ),
                broken("83 bytes read of 84", bytes -> bytes.writerIndex(83),
                        DropReason.IPV4_TOTAL_LENGTH_BEYOND_BYTES_READ),
                Arguments.of("header checksum off by one (RFC 1122 3.2.1.2: silently discard)",
                        new Mutation(setShort(10, 0xa798), false, false), DropReason.IPV4_BAD_HEADER_CHECKSUM),
                Arguments.of("TTL changed, header checksum not updated",
                        new Mutation(setByte(8, 63), false, false), DropReason.IPV4_BAD_HEADER_CHECKSUM),
                fixed("source 127.0.0.1 when loopback sources are not accepted", setInt(12, 0x7F000001),
                        DropReason.IPV4_SOURCE_LOOPBACK, false),
                fixed("destination 127.0.0.2, not answered", setInt(16, 0x7F000002), DropReason.IPV4_NOT_ANSWERED,
                        true),
                fixed("protocol 132 (SCTP)", setByte(9, 132), DropReason.IPV4_UNSUPPORTED_PROTOCOL, true),
                fixed("total length 27: a 7-byte ICMP message", bytes -> {
                    bytes.setShort(2, 27);
                    bytes.writerIndex(27);
                }, DropReason.ICMP_TRUNCATED, true),
                Arguments.of("ICMP checksum off by one (RFC 1122 3.2.2)",
                        new Mutation(setShort(22, 0x80e1), false, false), DropReason.ICMP_BAD_CHECKSUM),
                Arguments.of("last data byte changed, ICMP checksum not updated",
                        new Mutation(setByte(83, 0x38), false, false), DropReason.ICMP_BAD_CHECKSUM),
                Arguments.of("echo code 1 (RFC 792: code 0)",
                        new Mutation(setByte(21, 1), false, true), DropReason.ICMP_ECHO_BAD_CODE));
    }

    /** A case checked with the loopback configuration, which accepts loopback sources unless said otherwise. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFields")
    void dropsAndCounts(String name, Mutation mutation, DropReason expected) {
        boolean loopbackSourceCase = expected == DropReason.IPV4_SOURCE_LOOPBACK;
        StackConfig config = loopbackSourceCase
                ? StackConfig.builder().address(InterfaceAddress.ipv4(0x7F0000FE, 8))
                        .answered(AddressSet.parse("127.0.0.1")).build()
                : CapturedPackets.loopbackConfig();
        StackCounters counters = new StackCounters();
        NetworkStack stack = new NetworkStack(config, counters, TestEnvironment.fixed(0));
        RecordingTransmitter tx = new RecordingTransmitter();
        ByteBuf packet = CapturedPackets.echoRequestLoopback();
        try {
            mutation.change().accept(packet);
            if (mutation.fixIpChecksum()) {
                Ipv4Packet.newUnchecked(packet).fillHeaderChecksum();
            }
            if (mutation.fixIcmpChecksum()) {
                new Icmpv4Packet().wrap(packet, 20, packet.readableBytes() - 20).fillChecksum();
            }
            assertEquals(Verdict.dropped(expected), stack.receive(packet, tx));
            assertEquals(0, tx.packets().size(), "no reply");
            assertEquals(1, counters.dropped(expected));
            assertEquals(1, counters.droppedTotal());
            assertEquals(1, counters.received());
            assertEquals(0, counters.transmitted());
        } finally {
            assertTrue(packet.release());
        }
    }

    /** A case whose change breaks the field alone, checksums left as they are. */
    private static Arguments broken(String name, Consumer<ByteBuf> change, DropReason expected) {
        return Arguments.of(name, new Mutation(change, false, false), expected);
    }

    /** A case whose change is followed by a new IPv4 header checksum (and ICMP checksum when {@code alsoIcmp}). */
    private static Arguments fixed(String name, Consumer<ByteBuf> change, DropReason expected, boolean alsoIcmp) {
        return Arguments.of(name + " (checksums recomputed)", new Mutation(change, true, alsoIcmp),
                expected);
    }

    private static Consumer<ByteBuf> setByte(int index, int value) {
        return bytes -> bytes.setByte(index, value);
    }

    private static Consumer<ByteBuf> setShort(int index, int value) {
        return bytes -> bytes.setShort(index, value);
    }

    private static Consumer<ByteBuf> setInt(int index, int value) {
        return bytes -> bytes.setInt(index, value);
    }
}
