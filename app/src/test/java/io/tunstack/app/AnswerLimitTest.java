package io.tunstack.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tunstack.stack.verdict.Answer;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.verdict.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@code --count N}: answers count, drops and held fragments do not; the stop is asked for once, at the Nth. */
class AnswerLimitTest {

    @Test
    void onlyAnsweredPacketsCountAndTheStopComesAtTheNth() {
        AtomicInteger stops = new AtomicInteger();
        AnswerLimit limit = new AnswerLimit(2, stops::incrementAndGet);
        PacketObserver queue0 = limit.observing(null);
        PacketObserver queue1 = limit.observing(null);

        queue0.verdict(Verdict.dropped(DropReason.ICMP_BAD_CHECKSUM));
        queue0.verdict(Verdict.HELD);
        queue0.verdict(Verdict.answered(Answer.ICMPV4_ECHO_REPLY));
        assertEquals(0, stops.get());
        assertEquals(1, limit.remaining());

        queue1.verdict(Verdict.answered(Answer.ICMPV6_ECHO_REPLY));
        assertEquals(1, stops.get(), "every queue counts towards the same N");
        assertEquals(0, limit.remaining());

        queue0.verdict(Verdict.answered(Answer.ICMPV4_ECHO_REPLY));
        assertEquals(1, stops.get(), "asked for once");
    }

    @Test
    void everyCallReachesTheWorkersOwnObserverInOrder() {
        List<String> calls = new ArrayList<>();
        PacketObserver own = new PacketObserver() {
            @Override
            public void received(ByteBuf packet) {
                calls.add("received " + packet.readableBytes());
            }

            @Override
            public void transmitted(ByteBuf packet) {
                calls.add("transmitted " + packet.readableBytes());
            }

            @Override
            public void verdict(Verdict verdict) {
                calls.add("verdict " + verdict);
            }
        };
        List<String> atStop = new ArrayList<>();
        PacketObserver observer = new AnswerLimit(1, () -> atStop.addAll(calls)).observing(own);
        ByteBuf request = Unpooled.wrappedBuffer(new byte[84]);
        ByteBuf reply = Unpooled.wrappedBuffer(new byte[84]);

        observer.received(request);
        observer.transmitted(reply);
        observer.verdict(Verdict.answered(Answer.ICMPV4_ECHO_REPLY));

        assertEquals(List.of("received 84", "transmitted 84", "verdict answered: icmpv4-echo-reply"), calls);
        assertEquals(calls, atStop, "the worker's observer (the capture) saw the last exchange before the stop");
        request.release();
        reply.release();
    }

    @Test
    void noCountIsNoLimit() {
        assertThrows(IllegalArgumentException.class, () -> new AnswerLimit(0, () -> { }));
    }
}
