package io.tunstack.stack.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.tunstack.stack.LeakDetection;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * {@link Checksum#compute} and {@link Checksum#isValid} sum eight bytes at a time (RFC 1071 "Parallel Summation");
 * whatever the start, the length and the buffer kind, they must agree with the definition: 16-bit big-endian words
 * added one by one, a trailing odd byte as a high byte, the carries folded back, the result complemented.
 */
class ChecksumSumTest {

    /** The kinds of buffer the stack meets: heap, direct, pooled, a slice that starts inside its buffer, a composite. */
    enum Kind {
        HEAP,
        DIRECT,
        /** The kind every packet of the device arrives in. */
        POOLED_DIRECT,
        /** Index 0 is not the start of the memory. */
        SLICE,
        /** Two buffers: an eight-byte read may straddle them. */
        COMPOSITE;

        ByteBuf of(byte[] bytes) {
            int half = bytes.length / 2;
            return switch (this) {
                case HEAP -> Unpooled.wrappedBuffer(bytes);
                case DIRECT -> Unpooled.directBuffer(bytes.length).writeBytes(bytes);
                case POOLED_DIRECT -> PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
                case SLICE -> Unpooled.directBuffer(bytes.length + 3).writeZero(3).writeBytes(bytes)
                        .slice(3, bytes.length);
                case COMPOSITE -> Unpooled.wrappedBuffer(Unpooled.wrappedBuffer(bytes, 0, half),
                        Unpooled.directBuffer(bytes.length - half).writeBytes(bytes, half, bytes.length - half));
            };
        }
    }

    @Property(tries = 1000)
    void computeAndIsValidFollowTheWordByWordDefinition(@ForAll @Size(min = 1, max = 300) byte[] bytes,
            @ForAll @IntRange(max = 7) int offset, @ForAll Kind kind) {
        int start = Math.min(offset, bytes.length);
        int length = bytes.length - start;
        ByteBuf buffer = kind.of(bytes);
        try {
            if (kind == Kind.COMPOSITE && bytes.length > 1) {
                assertEquals(2, buffer.nioBufferCount(), "the composite's NIO buffers");
            }
            int folded = foldedWordSum(bytes, start, length);
            assertEquals(Checksum.fold(Checksum.sum(buffer, start, length)), folded, "sum");
            assertEquals(~folded & 0xFFFF, Checksum.compute(buffer, start, length), "compute");
            assertEquals(folded == 0xFFFF, Checksum.isValid(buffer, start, length), "isValid");
        } finally {
            assertTrue(buffer.release());
        }
    }

    /** The definition, on the array: words {@code high << 8 | low}, an odd last byte as {@code high << 8}, folded. */
    private static int foldedWordSum(byte[] bytes, int start, int length) {
        long sum = 0;
        for (int i = 0; i < length; i += 2) {
            int high = bytes[start + i] & 0xFF;
            int low = i + 1 < length ? bytes[start + i + 1] & 0xFF : 0;
            sum += high << 8 | low;
        }
        while (sum > 0xFFFF) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) sum;
    }

    @AfterProperty
    void noLeaks() {
        LeakDetection.assertNoLeaks();
    }
}
