package io.tunstack.app.observe;

import java.util.List;

/**
 * What the summary, the status line and the metrics endpoint read: the counters of every queue. They read from their
 * own threads, never from a worker's, so observing costs the workers nothing.
 *
 * <p>The app implements it, e.g. {@code CounterSource.of(List.of(new QueueCounters(stack.counters(), device)))}.
 */
@FunctionalInterface
public interface CounterSource {

    /** The counters of each queue, in queue order; the list does not change while running. */
    List<QueueCounters> queues();

    /** A source over a fixed list of queues. */
    static CounterSource of(List<QueueCounters> queues) {
        List<QueueCounters> fixed = List.copyOf(queues);
        return () -> fixed;
    }
}
