package io.tunstack.device;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.util.OptionalInt;

/**
 * Where packets come from and go to: one queue of a device, seen as read, write, wake up. {@link TunDevice} is the one
 * in production; a TAP device, a capture or a fault injector can replace it or wrap it, and whoever runs the packet
 * loop holds a {@code Link}.
 *
 * <p>Threads: one thread reads and writes; {@link #wakeup()} may be called from any thread; {@link #close()} is
 * called once, after the reader has stopped.
 *
 * <p>Buffers: a link <b>borrows</b> the buffers it is given and owns none of them. {@link #read} writes one packet into
 * {@code dst} and returns; {@link #write} has handed the packet on (to the kernel, for a device) by the time it
 * returns. Neither releases the buffer, keeps a reference to it or moves its reader index, so the caller may reuse or
 * release it at once. Native links ({@link TunDevice}) need direct buffers ({@code hasMemoryAddress()}): the kernel
 * reads and writes their memory in place.
 */
public interface Link extends AutoCloseable {

    /** {@link #read} returns this when {@link #wakeup()} was called. */
    int WOKEN = -1;

    /** {@link #read} returns this when the timeout passed with nothing to read. */
    int TIMED_OUT = 0;

    /** The name of the link, e.g. the device name the kernel confirmed. */
    String name();

    /** What the packets begin with. */
    LinkType type();

    /**
     * The largest packet the link carries, without its link-layer header (the interface MTU), or empty when the link
     * does not know one. A device's MTU can change while it runs ({@code ip link set mtu}), so a device link asks the
     * kernel each time.
     */
    OptionalInt mtu() throws IOException;

    /**
     * Reads one packet into {@code dst} at its writer index and advances the writer index; the reader index does not
     * move. A packet longer than {@code dst.writableBytes()} is truncated: give at least the MTU plus the link-layer
     * header.
     *
     * @param timeoutMillis how long to wait for a packet; 0 only takes one that is already there; negative waits
     *     until a packet comes or {@link #wakeup()}
     * @return the packet length (greater than 0), {@link #TIMED_OUT} or {@link #WOKEN}
     * @throws IOException when the link fails; the loop should stop
     */
    int read(ByteBuf dst, int timeoutMillis) throws IOException;

    /**
     * Sends the readable bytes of {@code src} as one packet. Does not move its indices.
     *
     * @throws IOException when this one packet was refused (it is lost; the link may still work)
     */
    void write(ByteBuf src) throws IOException;

    /** Makes a blocked {@link #read} (and every later one) return {@link #WOKEN}. Any thread; also after close. */
    void wakeup();

    /**
     * How many {@link #read}s found no packet waiting and had to wait for one. A reader can read the clock only after
     * such a wait, or every few packets, instead of once per packet: under load this stays low.
     */
    long readPolls();

    /** Releases the link. Idempotent; never throws. */
    @Override
    void close();
}
