package io.tunstack.app.observe;

import io.tunstack.stack.verdict.StackCounters;
import java.util.Objects;

/**
 * The counters of one device queue: its stack's (what was read, by verdict, and what was sent, by kind) and its
 * device's (what was written, and the failures).
 */
public record QueueCounters(StackCounters stack, DeviceCounters device) {

    public QueueCounters {
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(device, "device");
    }
}
