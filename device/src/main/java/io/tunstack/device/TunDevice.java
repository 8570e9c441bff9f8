package io.tunstack.device;

import io.netty.buffer.ByteBuf;

/**
 * One queue of a Linux TUN device ({@code /dev/net/tun} after {@code TUNSETIFF}). Reads and writes whole IP packets
 * (with {@code IFF_NO_PI}, no packet-information header) straight from and into the memory of direct {@link ByteBuf}s.
 *
 * <p>Threads: one thread reads and writes; {@link #wakeup()} may be called from any thread and makes a blocked or
 * later {@link #read} return {@link #WOKEN}. {@link #close()} is called once, after the reader has stopped.
 */
public final class TunDevice implements AutoCloseable {

    /** {@link #read} returns this when {@link #wakeup()} was called. */
    public static final int WOKEN = -1;

    /** {@link #read} returns this when the timeout passed with nothing to read. */
    public static final int TIMED_OUT = 0;

    /**
     * Opens {@code /dev/net/tun} and attaches it to the device {@code name} (creating it when it does not exist).
     *
     * @param name device name, at most 15 bytes ({@code IFNAMSIZ - 1}); {@code ""} lets the kernel choose tunN
     * @param multiQueue adds {@code IFF_MULTI_QUEUE}: every call attaches one more queue to the same device
     * @throws NativeException with the errno and the failing call (e.g. EBUSY, EPERM, ENOENT for /dev/net/tun)
     */
    public static TunDevice open(String name, boolean multiQueue) throws NativeException {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** The device name the kernel confirmed. */
    public String name() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Reads one packet into {@code dst} (a direct buffer) at its writer index and advances the writer index.
     *
     * @param timeoutMillis how long to wait for a packet; negative waits forever
     * @return the packet length, {@link #TIMED_OUT} or {@link #WOKEN}
     */
    public int read(ByteBuf dst, int timeoutMillis) throws NativeException {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Writes the readable bytes of {@code src} (a direct buffer) as one packet. Does not move its indices. */
    public void write(ByteBuf src) throws NativeException {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Makes a blocked {@link #read} (and every later one) return {@link #WOKEN}. Any thread. */
    public void wakeup() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Closes the tun fd and the wake-up fd. A non-persistent device disappears when its last queue closes. */
    @Override
    public void close() {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
