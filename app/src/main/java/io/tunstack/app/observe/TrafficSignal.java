package io.tunstack.app.observe;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Lets a thread that reports on the traffic sleep through an idle spell without waking up on a timer: it waits in
 * {@link #awaitTraffic} until a worker, whose read had to wait for its packet, calls {@link #packetAfterWait}.
 *
 * <p>The workers pay one volatile read per packet that found the queue empty, a packet that already cost a
 * {@code poll()}; a flood, whose reads do not wait, pays nothing. Any number of workers, one waiting thread.
 *
 * <p>No signal is lost: the worker counts its packet before it calls {@link #packetAfterWait}, and the waiter announces
 * itself before it checks {@code stillIdle}; so either the check sees the packet, or the worker sees the waiter.
 */
public final class TrafficSignal {

    private volatile Thread waiter;

    /** A worker's packet arrived after its queue had been empty (and was counted): wakes the waiting thread, if any. */
    public void packetAfterWait() {
        Thread sleeping = waiter;
        if (sleeping != null) {
            LockSupport.unpark(sleeping);
        }
    }

    /**
     * Waits while {@code stillIdle} holds, waking only on {@link #packetAfterWait} (or an interrupt, which returns with
     * the thread's interrupt status set).
     */
    void awaitTraffic(BooleanSupplier stillIdle) {
        waiter = Thread.currentThread();
        try {
            while (stillIdle.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
                LockSupport.park(this);
            }
        } finally {
            waiter = null;
        }
    }
}
