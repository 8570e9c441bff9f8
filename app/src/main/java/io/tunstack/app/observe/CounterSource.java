package io.tunstack.app.observe;

import io.tunstack.stack.verdict.StackCounters;
import java.util.List;

/**
 * What the live status line and the metrics endpoint read: the counters of every queue's stack and the app's own
 * device-error count. They read from their own threads, never from a worker's, so observing costs the workers nothing.
 *
 * <p>The app implements it, e.g. {@code CounterSource.of(List.of(stack.counters()), deviceErrors::get)}.
 */
public interface CounterSource {

    /** The counters of each queue's {@link io.tunstack.stack.NetworkStack}; the list does not change while running. */
    List<StackCounters> queueCounters();

    /** Failed reads and writes on the device (errors the worker survived), summed over all queues. */
    long deviceErrors();

    /** A source over a fixed list of queue counters and a device-error counter. */
    static CounterSource of(List<StackCounters> queueCounters, java.util.function.LongSupplier deviceErrors) {
        List<StackCounters> queues = List.copyOf(queueCounters);
        return new CounterSource() {
            @Override
            public List<StackCounters> queueCounters() {
                return queues;
            }

            @Override
            public long deviceErrors() {
                return deviceErrors.getAsLong();
            }
        };
    }
}
