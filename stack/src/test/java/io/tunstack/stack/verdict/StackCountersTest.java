package io.tunstack.stack.verdict;

import io.tunstack.stack.verdict.DropReason;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StackCountersTest {

    @Test
    void countsEachKindSeparately() {
        StackCounters counters = new StackCounters();
        counters.countReceived();
        counters.countReceived();
        counters.countTransmitted();
        counters.countIcmpSent(0);
        counters.countIcmpSent(12);
        counters.countIcmpSent(12);
        counters.countDrop(DropReason.ICMP_BAD_CHECKSUM);
        counters.countDrop(DropReason.NOT_IP);
        counters.countDrop(DropReason.NOT_IP);
        counters.countIcmpRateLimited();
        assertEquals(2, counters.received());
        assertEquals(1, counters.transmitted());
        assertEquals(1, counters.icmpSent(0));
        assertEquals(2, counters.icmpSent(12));
        assertEquals(0, counters.icmpSent(3));
        assertEquals(1, counters.dropped(DropReason.ICMP_BAD_CHECKSUM));
        assertEquals(2, counters.dropped(DropReason.NOT_IP));
        assertEquals(0, counters.dropped(DropReason.IPV4_BAD_IHL));
        assertEquals(3, counters.droppedTotal(), "a rate-limited error is not a drop");
        assertEquals(1, counters.icmpRateLimited());
    }

    @Test
    void addFromTotalsQueues() {
        StackCounters total = new StackCounters();
        StackCounters queue = new StackCounters();
        queue.countReceived();
        queue.countDrop(DropReason.IPV6_DISABLED);
        queue.countIcmpSent(0);
        total.countReceived();
        total.addFrom(queue);
        total.addFrom(queue);
        assertEquals(3, total.received());
        assertEquals(2, total.dropped(DropReason.IPV6_DISABLED));
        assertEquals(2, total.icmpSent(0));
        assertEquals(1, queue.received(), "the source is only read");
    }

    @Test
    void aReaderThreadSeesTheWritersCounts() throws InterruptedException {
        StackCounters counters = new StackCounters();
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 100_000; i++) {
                counters.countReceived();
            }
        });
        writer.start();
        writer.join();
        assertEquals(100_000, counters.received());
    }

    @Test
    void everyDropReasonHasADescriptionAndALabel() {
        for (DropReason reason : DropReason.values()) {
            assertEquals(reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), reason.label());
            org.junit.jupiter.api.Assertions.assertFalse(reason.description().isBlank(), reason.name());
        }
    }
}
