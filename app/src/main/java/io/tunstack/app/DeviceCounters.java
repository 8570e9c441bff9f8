package io.tunstack.app;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What one worker did with its device queue: packets read, packets written, and reads or writes that failed. The
 * stack counts everything else ({@link io.tunstack.stack.verdict.StackCounters}).
 *
 * <p>Single writer (the worker thread); any thread may read, for the counters line and the summary. Counting never
 * allocates: opaque accesses give other threads a recent value without a fence on the hot path.
 */
final class DeviceCounters {

    private static final VarHandle PACKETS_READ;
    private static final VarHandle PACKETS_WRITTEN;
    private static final VarHandle DEVICE_ERRORS;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            PACKETS_READ = lookup.findVarHandle(DeviceCounters.class, "packetsRead", long.class);
            PACKETS_WRITTEN = lookup.findVarHandle(DeviceCounters.class, "packetsWritten", long.class);
            DEVICE_ERRORS = lookup.findVarHandle(DeviceCounters.class, "deviceErrors", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through PACKETS_READ
    private long packetsRead;
    @SuppressWarnings("unused") // accessed through PACKETS_WRITTEN
    private long packetsWritten;
    @SuppressWarnings("unused") // accessed through DEVICE_ERRORS
    private long deviceErrors;

    /** Counts one packet read from the device. Worker thread only. */
    void countRead() {
        PACKETS_READ.setOpaque(this, (long) PACKETS_READ.getOpaque(this) + 1);
    }

    /** Counts one packet written to the device. Worker thread only. */
    void countWritten() {
        PACKETS_WRITTEN.setOpaque(this, (long) PACKETS_WRITTEN.getOpaque(this) + 1);
    }

    /** Counts one failed read or write (the packet is lost). Worker thread only. */
    void countDeviceError() {
        DEVICE_ERRORS.setOpaque(this, (long) DEVICE_ERRORS.getOpaque(this) + 1);
    }

    /** Packets read from the device. */
    long packetsRead() {
        return (long) PACKETS_READ.getOpaque(this);
    }

    /** Packets written to the device. */
    long packetsWritten() {
        return (long) PACKETS_WRITTEN.getOpaque(this);
    }

    /** Reads and writes that failed. */
    long deviceErrors() {
        return (long) DEVICE_ERRORS.getOpaque(this);
    }
}
