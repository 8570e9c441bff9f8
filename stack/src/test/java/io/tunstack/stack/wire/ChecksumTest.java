package io.tunstack.stack.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tunstack.stack.CapturedPackets;
import io.tunstack.stack.LeakDetection;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

class ChecksumTest {

    @Test
    void rfc1071NumericalExample() {
        // RFC 1071 section 3: the bytes 00 01 f2 03 f4 f5 f6 f7 sum to ddf2 (one's complement, carries folded).
        ByteBuf buffer = Unpooled.wrappedBuffer(CapturedPackets.hex("0001 f203 f4f5 f6f7"));
        try {
            assertEquals(0xddf2, Checksum.fold(Checksum.sum(buffer, 0, 8)));
            assertEquals(~0xddf2 & 0xFFFF, Checksum.compute(buffer, 0, 8));
        } finally {
            assertTrue(buffer.release());
        }
    }

    @Test
    void oddByteIsTheHighByteOfAPaddedWord() {
        ByteBuf buffer = Unpooled.wrappedBuffer(CapturedPackets.hex("0102 03"));
        try {
            assertEquals(0x0102 + 0x0300, Checksum.sum(buffer, 0, 3));
        } finally {
            assertTrue(buffer.release());
        }
    }

    @Test
    void capturedHeaderAndMessageVerify() {
        ByteBuf buffer = CapturedPackets.echoRequestLoopback();
        try {
            assertTrue(Checksum.isValid(buffer, 0, 20), "IPv4 header");
            assertTrue(Checksum.isValid(buffer, 20, 64), "ICMP message");
            buffer.setShort(10, 0);
            assertEquals(0xa799, Checksum.compute(buffer, 0, 20));
        } finally {
            assertTrue(buffer.release());
        }
    }

    @Test
    void incrementalUpdateReproducesTheKernelsEchoReplyChecksum() {
        // RFC 1624 eqn. 3 for the type change 0x0800 -> 0x0000: ~(~0x80e0 + ~0x0800 + 0x0000) = 0x88e0.
        assertEquals(0x88e0, Checksum.update(0x80e0, 0x0800, 0x0000));
    }

    @Test
    void incrementalUpdateNeedsTheEndAroundCarry() {
        // ~0x80e0 + ~0x0800 = 0x7f1f + 0xf7ff = 0x1771e: the carry out of bit 15 must be added back (0x771f).
        int withoutCarry = ~((~0x80e0 & 0xFFFF) + (~0x0800 & 0xFFFF) & 0xFFFF) & 0xFFFF;
        assertEquals(0x88e1, withoutCarry);
        assertNotEquals(withoutCarry, Checksum.update(0x80e0, 0x0800, 0x0000));
    }

    @Test
    void foldAddsEveryCarryBack() {
        assertEquals(0xFFFF, Checksum.fold(0xFFFF));
        assertEquals(0x0001, Checksum.fold(0x10000));
        assertEquals(0xFFFF, Checksum.fold(0x1FFFE));
        assertEquals(0xFFFF, Checksum.fold(0xFFFFFFFF), "a carry that itself carries");
    }

    @Test
    void allZeroDataIsTheOneAmbiguousUpdate() {
        // An echo request of all-zero identifier, sequence and data: its checksum is ~0x0800 = 0xf7ff. After the
        // type change the message is all zero: recomputation gives 0xFFFF, eqn. 3 gives 0x0000.
        int updated = Checksum.update(0xf7ff, 0x0800, 0x0000);
        assertEquals(0x0000, updated);
        assertTrue(Checksum.updateCanBeAmbiguous(updated));
        ByteBuf zeros = Unpooled.wrappedBuffer(new byte[8]);
        try {
            assertEquals(0xFFFF, Checksum.compute(zeros, 0, 8));
            assertFalse(Checksum.isValid(zeros, 0, 8), "0x0000 is rejected for all-zero data");
        } finally {
            assertTrue(zeros.release());
        }
    }

    /**
     * RFC 1624: for any message and any 16-bit word change, the incremental update equals a full recomputation,
     * except for the documented all-zero result. The generated messages are steered so that their checksums before and
     * after include 0x0000, 0xFFFF and values at or above 0xF800, where a missing end-around carry shows.
     */
    @Property(tries = 2000)
    void incrementalUpdateEqualsFullRecomputation(@ForAll("messages") Message message) {
        ByteBuf buffer = Unpooled.wrappedBuffer(message.bytes.clone());
        try {
            int length = message.bytes.length;
            buffer.setShort(message.checksumIndex, 0);
            int before = Checksum.compute(buffer, 0, length);
            buffer.setShort(message.checksumIndex, before);
            assertTrue(Checksum.isValid(buffer, 0, length));

            int oldWord = buffer.getUnsignedShort(message.changedIndex);
            buffer.setShort(message.changedIndex, message.newWord);
            int incremental = Checksum.update(before, oldWord, message.newWord);

            buffer.setShort(message.checksumIndex, 0);
            int full = Checksum.compute(buffer, 0, length);
            Statistics.label("checksum before").collect(category(before));
            Statistics.label("checksum after").collect(category(full));
            for (String label : new String[] {"checksum before", "checksum after"}) {
                Statistics.label(label).coverage(coverage -> {
                    coverage.check("0x0000").count(count -> count > 0);
                    coverage.check("0xFFFF").count(count -> count > 0);
                    coverage.check(">=0xF800").count(count -> count > 0);
                });
            }
            if (Checksum.updateCanBeAmbiguous(incremental) && full == 0xFFFF) {
                assertTrue(allZeroExceptChecksum(buffer, length, message.checksumIndex),
                        "0x0000 against 0xFFFF only for all-zero data");
            } else {
                assertEquals(full, incremental, message.toString());
            }
        } finally {
            assertTrue(buffer.release());
        }
    }

    private static String category(int checksum) {
        if (checksum == 0x0000) {
            return "0x0000";
        }
        if (checksum == 0xFFFF) {
            return "0xFFFF";
        }
        return checksum >= 0xF800 ? ">=0xF800" : "other";
    }

    @AfterProperty
    void noLeaks() {
        LeakDetection.assertNoLeaks();
    }

    private static boolean allZeroExceptChecksum(ByteBuf buffer, int length, int checksumIndex) {
        for (int i = 0; i < length; i++) {
            if ((i < checksumIndex || i > checksumIndex + 1) && buffer.getByte(i) != 0) {
                return false;
            }
        }
        return true;
    }

    /** An even-length message with a checksum word at 2 and one word that changes. */
    static final class Message {
        final byte[] bytes;
        final int checksumIndex = 2;
        final int changedIndex;
        final int newWord;

        Message(byte[] bytes, int changedIndex, int newWord) {
            this.bytes = bytes;
            this.changedIndex = changedIndex;
            this.newWord = newWord;
        }

        @Override
        public String toString() {
            return "Message[" + java.util.HexFormat.of().formatHex(bytes) + ", word at " + changedIndex + " -> 0x"
                    + Integer.toHexString(newWord) + "]";
        }
    }

    @Provide
    Arbitrary<Message> messages() {
        Arbitrary<Integer> words = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.integers().between(0, 0xFFFF)),
                net.jqwik.api.Tuple.of(2, Arbitraries.of(0x0000, 0xFFFF, 0x0800, 0xF7FF)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0xF800, 0xFFFF)));
        Arbitrary<Integer> wordCount = Arbitraries.integers().between(3, 40);
        Arbitrary<Integer> steer = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(-1)),
                net.jqwik.api.Tuple.of(3, Arbitraries.of(0x0000, 0xFFFF)),
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(0xF800, 0xFFFF)));
        Arbitrary<Boolean> allZero = Arbitraries.of(true, false, false, false, false, false, false, false);
        return wordCount.flatMap(count -> Combinators.combine(
                        words.list().ofSize(count), Arbitraries.integers().between(0, count - 1), words, steer, allZero)
                .as((list, changed, newWord, target, zero) -> message(list, changed, newWord, target, zero)));
    }

    /**
     * Builds a message from {@code words}; when {@code targetChecksum} is not -1, adjusts the last word so that the
     * message's checksum is that value (for 0x0000 only when reachable); when {@code allZero}, zeroes every word.
     */
    private static Message message(java.util.List<Integer> words, int changed, int newWord, int targetChecksum,
            boolean allZero) {
        int count = words.size();
        int[] values = new int[count];
        for (int i = 0; i < count; i++) {
            values[i] = allZero ? 0 : words.get(i);
        }
        values[1] = 0; // the checksum word
        int changedIndex = changed == 1 ? 0 : changed;
        if (targetChecksum >= 0 && !allZero) {
            // checksum = ~fold(rest + last): choose last so that fold(rest + last) == ~target.
            int adjust = count - 1 == changedIndex ? count - 2 : count - 1;
            if (adjust != 1) {
                values[adjust] = 0;
                int rest = 0;
                for (int value : values) {
                    rest += value;
                }
                int wanted = ~targetChecksum & 0xFFFF;
                // One's-complement subtraction: last = wanted - fold(rest) (mod 0xFFFF).
                int last = Checksum.fold(wanted + (~Checksum.fold(rest) & 0xFFFF));
                values[adjust] = last;
            }
        }
        byte[] bytes = new byte[count * 2];
        for (int i = 0; i < count; i++) {
            bytes[2 * i] = (byte) (values[i] >>> 8);
            bytes[2 * i + 1] = (byte) values[i];
        }
        return new Message(bytes, changedIndex * 2, allZero ? 0 : newWord);
    }
}
