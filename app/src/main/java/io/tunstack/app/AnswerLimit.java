package io.tunstack.app;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.verdict.Verdict;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code --count N}: counts the packets answered on every queue together and, at the Nth, asks for the stop. A packet
 * counts when the stack's verdict on it is {@linkplain Verdict#isAnswered() answered}: an echo request (IPv4 or IPv6)
 * or a timestamp request answered, as the summary's "answered" counts them; dropped packets do not count, even those
 * answered with an ICMP error, nor held fragments until the datagram they complete is answered.
 *
 * <p>With one queue tunstack answers exactly N: the Nth reply is written before the verdict comes here, and the stop
 * wakes the queue before its next read. With several, a packet another queue is handling at that moment is still
 * answered.
 *
 * <p>It sees the verdicts as a {@link PacketObserver} in front of the worker's own observer (trace, capture), which it
 * passes every call on to; {@link #observing} builds one per worker around a shared count.
 */
final class AnswerLimit {

    private final AtomicLong remaining;
    private final Runnable onReached;

    /**
     * @param count how many answers to wait for, at least 1
     * @param onReached called once, from the worker thread that answered the last one
     */
    AnswerLimit(long count, Runnable onReached) {
        if (count < 1) {
            throw new IllegalArgumentException("count " + count + " (expected: 1 or more)");
        }
        this.remaining = new AtomicLong(count);
        this.onReached = onReached;
    }

    /** An observer for one worker that counts its answers here and passes every call on to {@code next}. */
    PacketObserver observing(PacketObserver next) {
        return new PacketObserver() {
            @Override
            public void received(ByteBuf packet) {
                if (next != null) {
                    next.received(packet);
                }
            }

            @Override
            public void transmitted(ByteBuf packet) {
                if (next != null) {
                    next.transmitted(packet);
                }
            }

            @Override
            public void profileEffect(String effect) {
                if (next != null) {
                    next.profileEffect(effect);
                }
            }

            @Override
            public void verdict(Verdict verdict) {
                if (next != null) {
                    next.verdict(verdict);
                }
                if (verdict.isAnswered()) {
                    answered();
                }
            }
        };
    }

    /** How many answers are still to come; 0 once reached. */
    long remaining() {
        return Math.max(0, remaining.get());
    }

    private void answered() {
        if (remaining.decrementAndGet() == 0) {
            onReached.run();
        }
    }
}
