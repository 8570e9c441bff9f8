package io.tunstack.app.observe;

import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.verdict.StackCounters;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The counters of all queues added up at one moment, as plain values: what one status line or one scrape shows.
 *
 * @param read packets read from the device and handed to the stacks
 * @param written packets the stacks handed to the device
 * @param icmpSentByType ICMP messages sent, by ICMP type; types never sent are absent
 * @param dropsByReason packets dropped, by reason; every reason is present, most with 0
 * @param deviceErrors failed device reads and writes
 */
public record CounterSnapshot(long read, long written, SortedMap<Integer, Long> icmpSentByType,
        Map<DropReason, Long> dropsByReason, long deviceErrors) {

    /** The highest ICMP type: the type field is one octet. */
    private static final int MAX_ICMP_TYPE = 255;

    public CounterSnapshot {
        icmpSentByType = Collections.unmodifiableSortedMap(new TreeMap<>(icmpSentByType));
        Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
        drops.putAll(dropsByReason);
        dropsByReason = Collections.unmodifiableMap(drops);
    }

    /** Adds up the queues of {@code source} now. */
    public static CounterSnapshot of(CounterSource source) {
        StackCounters total = new StackCounters();
        for (StackCounters queue : source.queueCounters()) {
            total.addFrom(queue);
        }
        SortedMap<Integer, Long> icmpSent = new TreeMap<>();
        for (int type = 0; type <= MAX_ICMP_TYPE; type++) {
            long sent = total.icmpSent(type);
            if (sent != 0) {
                icmpSent.put(type, sent);
            }
        }
        Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
        for (DropReason reason : DropReason.values()) {
            drops.put(reason, total.dropped(reason));
        }
        return new CounterSnapshot(total.received(), total.transmitted(), icmpSent, drops, source.deviceErrors());
    }

    /** Packets dropped for any reason. */
    public long droppedTotal() {
        return dropsByReason.values().stream().mapToLong(Long::longValue).sum();
    }
}
