package io.tunstack.stack.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tunstack.stack.LeakDetection;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * {@link Checksum#sum} reads eight bytes at a time; whatever the start, the length and the buffer kind, it must give
 * exactly the word sum of RFC 1071: 16-bit big-endian words added one by one, a trailing odd byte as a high byte.
 */
class ChecksumSumTest {

    @Property(tries = 1000)
    void sumIsTheWordSumAtEveryOffsetAndLength(@ForAll @Size(min = 1, max = 300) byte[] bytes,
            @ForAll @IntRange(max = 7) int start, @ForAll boolean direct) {
        int length = Math.max(0, bytes.length - start);
        ByteBuf buffer = direct ? Unpooled.directBuffer(bytes.length).writeBytes(bytes) : Unpooled.wrappedBuffer(bytes);
        try {
            assertEquals(wordSum(bytes, Math.min(start, bytes.length), length),
                    Checksum.sum(buffer, Math.min(start, bytes.length), length));
        } finally {
            assertTrue(buffer.release());
        }
    }

    /** The definition, on the array: each word is {@code high << 8 | low}, an odd last byte is {@code high << 8}. */
    private static int wordSum(byte[] bytes, int start, int length) {
        int sum = 0;
        for (int i = 0; i < length; i += 2) {
            int high = bytes[start + i] & 0xFF;
            int low = i + 1 < length ? bytes[start + i + 1] & 0xFF : 0;
            sum += high << 8 | low;
        }
        return sum;
    }

    @AfterProperty
    void noLeaks() {
        LeakDetection.assertNoLeaks();
    }
}
