package io.tunstack.stack.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The pseudo-header sums are computed from values; they must equal the sum of the pseudo-header laid out as its RFC
 * draws it (RFC 8200 8.1 for IPv6, RFC 768 for IPv4), folded the same way.
 */
class PseudoHeaderSumTest {

    @Property(tries = 500)
    void ipv6SumIsTheSumOfTheLaidOutPseudoHeader(@ForAll long sourceHigh, @ForAll long sourceLow,
            @ForAll long destinationHigh, @ForAll long destinationLow, @ForAll @IntRange(max = 0xFFFF) int length,
            @ForAll @IntRange(max = 255) int nextHeader) {
        ByteBuf laidOut = Unpooled.buffer(40)
                .writeLong(sourceHigh).writeLong(sourceLow).writeLong(destinationHigh).writeLong(destinationLow)
                .writeInt(length) // Upper-Layer Packet Length, 32 bits
                .writeMedium(0).writeByte(nextHeader); // three zero bytes, Next Header
        assertEquals(Checksum.fold(Checksum.sum(laidOut, 0, 40)), Checksum.fold(Checksum.ipv6PseudoHeaderSum(
                sourceHigh, sourceLow, destinationHigh, destinationLow, length, nextHeader)));
    }

    @Property(tries = 500)
    void ipv4SumIsTheSumOfTheLaidOutPseudoHeader(@ForAll int source, @ForAll int destination,
            @ForAll @IntRange(max = 255) int protocol, @ForAll @IntRange(max = 0xFFFF) int length) {
        ByteBuf laidOut = Unpooled.buffer(12)
                .writeInt(source).writeInt(destination).writeByte(0).writeByte(protocol).writeShort(length);
        assertEquals(Checksum.fold(Checksum.sum(laidOut, 0, 12)),
                Checksum.fold(Checksum.ipv4PseudoHeaderSum(source, destination, protocol, length)));
    }
}
