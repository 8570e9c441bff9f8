package io.tunstack.app.observe;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What one worker's device queue did with the packets the stack sent: how many were written, and how many reads and
 * writes failed. Packets read are not counted here: every packet read goes to the stack, which counts it by its
 * verdict ({@link io.tunstack.stack.verdict.StackCounters#received()}).
 *
 * <p>Single writer (the worker thread); any thread may read, for the counters line, the status line and the metrics.
 * Counting never allocates: opaque accesses give other threads a recent value without a fence on the hot path.
 */
public final class DeviceCounters {

    private static final VarHandle PACKETS_WRITTEN;
    private static final VarHandle DEVICE_ERRORS;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            PACKETS_WRITTEN = lookup.findVarHandle(DeviceCounters.class, "packetsWritten", long.class);
            DEVICE_ERRORS = lookup.findVarHandle(DeviceCounters.class, "deviceErrors", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through PACKETS_WRITTEN
    private long packetsWritten;
    @SuppressWarnings("unused") // accessed through DEVICE_ERRORS
    private long deviceErrors;

    /** Counts one packet the device accepted. Worker thread only. */
    public void countWritten() {
        PACKETS_WRITTEN.setOpaque(this, (long) PACKETS_WRITTEN.getOpaque(this) + 1);
    }

    /** Counts one failed read or write (a failed write loses its packet). Worker thread only. */
    public void countDeviceError() {
        DEVICE_ERRORS.setOpaque(this, (long) DEVICE_ERRORS.getOpaque(this) + 1);
    }

    /** Packets written to the device successfully; a failed write is a {@linkplain #deviceErrors() device error}. */
    public long packetsWritten() {
        return (long) PACKETS_WRITTEN.getOpaque(this);
    }

    /** Reads and writes that failed. */
    public long deviceErrors() {
        return (long) DEVICE_ERRORS.getOpaque(this);
    }
}
