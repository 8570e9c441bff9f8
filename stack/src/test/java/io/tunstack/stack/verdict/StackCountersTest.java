package io.tunstack.stack.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StackCountersTest {

    private static final Verdict ECHO_REPLY = Verdict.answered(Answer.ICMPV4_ECHO_REPLY);

    @Test
    void countsEachVerdictUnderItsAnswerOrReason() {
        StackCounters counters = new StackCounters();
        counters.count(ECHO_REPLY);
        counters.count(ECHO_REPLY);
        counters.count(Verdict.answered(Answer.ICMPV4_TIMESTAMP_REPLY));
        counters.count(Verdict.HELD);
        counters.count(Verdict.dropped(DropReason.ICMP_BAD_CHECKSUM));
        counters.count(Verdict.dropped(DropReason.NOT_IP));
        counters.count(Verdict.dropped(DropReason.NOT_IP));
        assertEquals(2, counters.answered(Answer.ICMPV4_ECHO_REPLY));
        assertEquals(1, counters.answered(Answer.ICMPV4_TIMESTAMP_REPLY));
        assertEquals(0, counters.answered(Answer.ICMPV6_ECHO_REPLY));
        assertEquals(3, counters.answeredTotal());
        assertEquals(1, counters.held());
        assertEquals(1, counters.dropped(DropReason.ICMP_BAD_CHECKSUM));
        assertEquals(2, counters.dropped(DropReason.NOT_IP));
        assertEquals(0, counters.dropped(DropReason.IPV4_BAD_IHL));
        assertEquals(3, counters.droppedTotal());
        assertEquals(7, counters.received(), "received = answered + held + dropped");
        assertEquals(0, counters.transmitted(), "a verdict says nothing about what was sent");
    }

    @Test
    void countsWhatIsSentByWhatItIs() {
        StackCounters counters = new StackCounters();
        counters.countSent(Answer.ICMPV4_ECHO_REPLY);
        counters.countSent(Answer.ICMPV4_PARAMETER_PROBLEM);
        counters.countSent(Answer.ICMPV4_PARAMETER_PROBLEM);
        counters.countFragmentSent();
        counters.countFragmentSent();
        counters.countFragmentSent();
        counters.countRateLimited(Answer.ICMPV4_PARAMETER_PROBLEM);
        counters.countRateLimited(Answer.ICMPV4_TIME_EXCEEDED);
        assertEquals(1, counters.sent(Answer.ICMPV4_ECHO_REPLY));
        assertEquals(2, counters.sent(Answer.ICMPV4_PARAMETER_PROBLEM));
        assertEquals(0, counters.sent(Answer.ICMPV4_DESTINATION_UNREACHABLE));
        assertEquals(3, counters.fragmentsSent());
        assertEquals(6, counters.transmitted(), "transmitted = sent + fragments");
        assertEquals(1, counters.rateLimited(Answer.ICMPV4_PARAMETER_PROBLEM));
        assertEquals(1, counters.rateLimited(Answer.ICMPV4_TIME_EXCEEDED));
        assertEquals(2, counters.rateLimitedTotal());
        assertEquals(0, counters.droppedTotal(), "a rate-limited error is not a drop");
        assertEquals(0, counters.received(), "sending is not receiving");
    }

    @Test
    void heldFragmentsDiscardedLaterAreNotCountedTwice() {
        StackCounters counters = new StackCounters();
        counters.count(Verdict.HELD);
        counters.count(Verdict.HELD);
        counters.countHeldDiscarded(DropReason.REASSEMBLY_TIMEOUT);
        counters.countHeldDiscarded(DropReason.REASSEMBLY_TIMEOUT);
        assertEquals(2, counters.heldDiscarded(DropReason.REASSEMBLY_TIMEOUT));
        assertEquals(0, counters.heldDiscarded(DropReason.FRAGMENT_OVERLAP));
        assertEquals(0, counters.dropped(DropReason.REASSEMBLY_TIMEOUT));
        assertEquals(2, counters.held());
        assertEquals(2, counters.received());
    }

    @Test
    void theSumsAddUpForAnyMixOfVerdicts() {
        StackCounters counters = new StackCounters();
        Random random = new Random(9);
        Answer[] answers = Answer.values();
        DropReason[] reasons = DropReason.values();
        long answered = 0;
        long held = 0;
        long dropped = 0;
        for (int i = 0; i < 10_000; i++) {
            switch (random.nextInt(3)) {
                case 0:
                    counters.count(Verdict.answered(answers[random.nextInt(answers.length)]));
                    answered++;
                    break;
                case 1:
                    counters.count(Verdict.HELD);
                    held++;
                    break;
                default:
                    counters.count(Verdict.dropped(reasons[random.nextInt(reasons.length)]));
                    dropped++;
                    break;
            }
        }
        long byAnswer = 0;
        for (Answer answer : answers) {
            byAnswer += counters.answered(answer);
        }
        long byReason = 0;
        for (DropReason reason : reasons) {
            byReason += counters.dropped(reason);
        }
        assertEquals(answered, byAnswer);
        assertEquals(answered, counters.answeredTotal());
        assertEquals(held, counters.held());
        assertEquals(dropped, byReason);
        assertEquals(dropped, counters.droppedTotal());
        assertEquals(10_000, counters.received());
        assertEquals(counters.received(), counters.answeredTotal() + counters.held() + counters.droppedTotal());
    }

    @Test
    void addFromTotalsQueues() {
        StackCounters total = new StackCounters();
        StackCounters queue = new StackCounters();
        queue.count(ECHO_REPLY);
        queue.count(Verdict.dropped(DropReason.IPV6_DISABLED));
        queue.count(Verdict.HELD);
        queue.countSent(Answer.ICMPV4_ECHO_REPLY);
        queue.countFragmentSent();
        queue.countRateLimited(Answer.ICMPV4_DESTINATION_UNREACHABLE);
        queue.countHeldDiscarded(DropReason.REASSEMBLY_TIMEOUT);
        total.count(ECHO_REPLY);
        total.addFrom(queue);
        total.addFrom(queue);
        assertEquals(7, total.received());
        assertEquals(3, total.answered(Answer.ICMPV4_ECHO_REPLY));
        assertEquals(2, total.dropped(DropReason.IPV6_DISABLED));
        assertEquals(2, total.held());
        assertEquals(2, total.sent(Answer.ICMPV4_ECHO_REPLY));
        assertEquals(2, total.fragmentsSent());
        assertEquals(4, total.transmitted());
        assertEquals(2, total.rateLimited(Answer.ICMPV4_DESTINATION_UNREACHABLE));
        assertEquals(2, total.heldDiscarded(DropReason.REASSEMBLY_TIMEOUT));
        assertEquals(3, queue.received(), "the source is only read");
    }

    @Test
    void aReaderThreadSeesTheWritersCounts() throws InterruptedException {
        StackCounters counters = new StackCounters();
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 100_000; i++) {
                counters.count(ECHO_REPLY);
            }
        });
        writer.start();
        writer.join();
        assertEquals(100_000, counters.received());
        assertEquals(100_000, counters.answered(Answer.ICMPV4_ECHO_REPLY));
    }

    @Test
    void toStringNamesWhatWasCounted() {
        StackCounters counters = new StackCounters();
        counters.count(ECHO_REPLY);
        counters.count(Verdict.dropped(DropReason.NOT_IP));
        counters.countSent(Answer.ICMPV4_ECHO_REPLY);
        assertEquals("StackCounters[received 2, transmitted 1, held 0, answered icmpv4-echo-reply 1, not-ip 1]",
                counters.toString());
    }

    @Test
    void everyDropReasonHasADescriptionAndALabel() {
        for (DropReason reason : DropReason.values()) {
            assertEquals(reason.name().toLowerCase(Locale.ROOT).replace('_', '-'), reason.label());
            assertFalse(reason.description().isBlank(), reason.name());
        }
    }

    @Test
    void everyAnswerHasADescriptionAndALabel() {
        for (Answer answer : Answer.values()) {
            assertEquals(answer.name().toLowerCase(Locale.ROOT).replace('_', '-'), answer.label());
            assertFalse(answer.description().isBlank(), answer.name());
        }
    }
}
