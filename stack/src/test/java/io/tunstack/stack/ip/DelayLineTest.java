package io.tunstack.stack.ip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.tunstack.stack.LeakDetection;
import io.tunstack.stack.verdict.Answer;
import io.tunstack.stack.verdict.StackCounters;
import io.tunstack.stack.verdict.StackEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link DelayLine}: held copies leave in the order of their send times, within the line's bounds. */
@ExtendWith(LeakDetection.class)
class DelayLineTest {

    private final StackCounters counters = new StackCounters();
    /** What left, as the first byte of each datagram, and with which kind. */
    private final List<String> sent = new ArrayList<>();
    private final DatagramOutput output = (datagram, kind, tx) -> {
        sent.add(datagram.getByte(datagram.readerIndex()) + ":" + kind.label());
        tx.transmit(datagram);
    };
    private final Transmitter tx = packet -> { };

    private static ByteBuf datagram(int first, int length) {
        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(length);
        buffer.writeByte(first).writeZero(length - 1);
        return buffer;
    }

    private boolean hold(DelayLine line, int first, int length, long sendAt) {
        ByteBuf buffer = datagram(first, length);
        try {
            return line.hold(buffer, sendAt, Answer.ICMPV4_ECHO_REPLY, output);
        } finally {
            buffer.release();
        }
    }

    @Test
    void answersLeaveByTheirSendTimesAndTiesInTheOrderHeld() {
        try (DelayLine line = new DelayLine(PooledByteBufAllocator.DEFAULT, counters)) {
            hold(line, 1, 64, 300);
            hold(line, 2, 64, 100);
            hold(line, 3, 64, 200);
            hold(line, 4, 64, 100);
            assertEquals(100, line.nextDeadline());
            line.poll(99, tx);
            assertTrue(sent.isEmpty());
            line.poll(200, tx);
            assertEquals(List.of("2:icmpv4-echo-reply", "4:icmpv4-echo-reply", "3:icmpv4-echo-reply"), sent);
            assertEquals(300, line.nextDeadline());
            line.poll(1000, tx);
            assertEquals(4, sent.size());
            assertEquals(Long.MAX_VALUE, line.nextDeadline());
            assertEquals(0, line.held());
            assertEquals(0, line.heldBytes());
        }
    }

    @Test
    void sendTimesAreComparedAcrossTheWrapOfNanoTime() {
        try (DelayLine line = new DelayLine(PooledByteBufAllocator.DEFAULT, counters)) {
            long now = Long.MAX_VALUE - 5;
            hold(line, 1, 20, now + 10);
            hold(line, 2, 20, now + 5);
            line.poll(now + 10, tx);
            assertEquals(List.of("2:icmpv4-echo-reply", "1:icmpv4-echo-reply"), sent);
        }
    }

    @Test
    void aHeldAnswerIsACopy() {
        try (DelayLine line = new DelayLine(PooledByteBufAllocator.DEFAULT, counters)) {
            ByteBuf buffer = datagram(7, 40);
            line.hold(buffer, 1, Answer.ICMPV6_ECHO_REPLY, output);
            buffer.setByte(0, 8);
            buffer.release();
            line.poll(1, tx);
            assertEquals(List.of("7:icmpv6-echo-reply"), sent);
        }
    }

    @Test
    void theLineIsBoundedByPackets() {
        try (DelayLine line = new DelayLine(PooledByteBufAllocator.DEFAULT, counters, 3, 1 << 20)) {
            assertTrue(hold(line, 1, 100, 10));
            assertTrue(hold(line, 2, 100, 10));
            assertTrue(hold(line, 3, 100, 10));
            assertFalse(hold(line, 4, 100, 10));
            assertEquals(3, line.held());
            line.poll(10, tx);
            assertTrue(hold(line, 5, 100, 20), "room again once sent");
        }
    }

    @Test
    void theLineIsBoundedByBytes() {
        try (DelayLine line = new DelayLine(PooledByteBufAllocator.DEFAULT, counters, 100, 1000)) {
            assertTrue(hold(line, 1, 600, 10));
            assertFalse(hold(line, 2, 401, 10));
            assertTrue(hold(line, 3, 400, 10));
            assertEquals(1000, line.heldBytes());
        }
    }

    @Test
    void closeReleasesAndCountsWhatIsHeld() {
        DelayLine line = new DelayLine(PooledByteBufAllocator.DEFAULT, counters);
        hold(line, 1, 64, 10);
        hold(line, 2, 64, 20);
        line.close();
        assertEquals(2, counters.events(StackEvent.DELAYED_ANSWER_DISCARDED));
        assertEquals(0, line.held());
        assertTrue(sent.isEmpty());
        line.close();
        assertEquals(2, counters.events(StackEvent.DELAYED_ANSWER_DISCARDED));
        assertThrows(IllegalStateException.class, () -> hold(line, 3, 64, 30));
    }

    @Test
    void theBoundsMustBePositive() {
        assertThrows(IllegalArgumentException.class,
                () -> new DelayLine(PooledByteBufAllocator.DEFAULT, counters, 0, 10));
        assertThrows(IllegalArgumentException.class,
                () -> new DelayLine(PooledByteBufAllocator.DEFAULT, counters, 10, 0));
    }
}
