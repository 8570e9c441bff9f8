package io.tunstack.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tunstack.stack.DropReason;
import io.tunstack.stack.StackCounters;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The counters line and the summary add up every queue, in the shape the integration tests parse. */
class SummaryTest {

    @Test
    void totalsEveryQueueAndListsTheDropsThatHappened() {
        DeviceCounters queue0 = new DeviceCounters();
        DeviceCounters queue1 = new DeviceCounters();
        StackCounters stack0 = new StackCounters();
        StackCounters stack1 = new StackCounters();
        for (int i = 0; i < 3; i++) {
            queue0.countRead();
            stack0.countReceived();
        }
        queue0.countWritten();
        queue0.countWritten();
        stack0.countIcmpSent(0);
        stack0.countIcmpSent(0);
        stack0.countTransmitted();
        stack0.countTransmitted();
        stack0.countDrop(DropReason.IPV6_UNSUPPORTED);
        queue1.countRead();
        stack1.countReceived();
        stack1.countDrop(DropReason.IPV6_UNSUPPORTED);
        queue1.countDeviceError();

        Summary summary = Summary.total(List.of(queue0, queue1), List.of(stack0, stack1));

        assertEquals("4 packets read, 2 echo replies, 2 packets written, 2 dropped, 1 device errors",
                summary.countsLine());
        assertEquals(List.of(summary.countsLine(),
                        "  2 dropped ipv6-unsupported: " + DropReason.IPV6_UNSUPPORTED.description(),
                        "  queue 0: 3 packets read, 2 echo replies, 2 packets written, 1 dropped, 0 device errors",
                        "  queue 1: 1 packets read, 0 echo replies, 0 packets written, 1 dropped, 1 device errors"),
                summary.lines());
    }

    @Test
    void nothingHappenedIsAllZeroes() {
        Summary summary = Summary.total(List.of(new DeviceCounters()), List.of(new StackCounters()));

        assertEquals(List.of("0 packets read, 0 echo replies, 0 packets written, 0 dropped, 0 device errors"),
                summary.lines());
    }
}
