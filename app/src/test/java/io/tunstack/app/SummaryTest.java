package io.tunstack.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.verdict.StackCounters;
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
        stack0.countDrop(DropReason.IPV6_DISABLED);
        queue1.countRead();
        stack1.countReceived();
        stack1.countDrop(DropReason.IPV6_DISABLED);
        queue1.countDeviceError();

        Summary summary = Summary.total(List.of(queue0, queue1), List.of(stack0, stack1));

        assertEquals("4 packets read, 2 echo replies, 2 packets written, 2 dropped, 1 device errors",
                summary.countsLine());
        assertEquals(List.of(summary.countsLine(),
                        "  2 dropped ipv6-disabled: " + DropReason.IPV6_DISABLED.description(),
                        "  queue 0: 3 packets read, 2 echo replies, 2 packets written, 1 dropped, 0 device errors",
                        "  queue 1: 1 packets read, 0 echo replies, 0 packets written, 1 dropped, 1 device errors",
                        "  q0 read=3 replied=2",
                        "  q1 read=1 replied=0",
                        "  total read=4 replied=2"),
                summary.lines());
    }

    @Test
    void nothingHappenedIsAllZeroes() {
        Summary summary = Summary.total(List.of(new DeviceCounters()), List.of(new StackCounters()));

        assertEquals(List.of("0 packets read, 0 echo replies, 0 packets written, 0 dropped, 0 device errors",
                        "  q0 read=0 replied=0",
                        "  total read=0 replied=0"),
                summary.lines());
    }

    /**
     * The shared harness (bench.sh) takes every {@code qN} token followed by {@code read=N} as one queue's reads, and
     * the {@code replied=} value of the line with {@code total read=}: the same awk rules, in Java.
     */
    @Test
    void harnessFindsThePerQueueReadsAndTheTotalReplies() {
        DeviceCounters queue0 = new DeviceCounters();
        DeviceCounters queue1 = new DeviceCounters();
        StackCounters stack0 = new StackCounters();
        StackCounters stack1 = new StackCounters();
        for (int i = 0; i < 5; i++) {
            queue0.countRead();
            stack0.countIcmpSent(0);
        }
        queue1.countRead();
        stack1.countIcmpSent(3);

        List<String> lines = Summary.total(List.of(queue0, queue1), List.of(stack0, stack1)).lines();

        List<String> queueReads = new java.util.ArrayList<>();
        String totalReplied = null;
        for (String line : lines) {
            String[] fields = line.trim().split("\\s+");
            for (int i = 0; i + 1 < fields.length; i++) {
                if (fields[i].matches("q[0-9]+") && fields[i + 1].startsWith("read=")) {
                    queueReads.add(fields[i + 1].substring("read=".length()));
                }
            }
            if (line.contains("total read=")) {
                for (String field : fields) {
                    if (field.startsWith("replied=")) {
                        totalReplied = field.substring("replied=".length());
                    }
                }
            }
        }
        assertEquals(List.of("5", "1"), queueReads);
        assertEquals("5", totalReplied);
    }
}
