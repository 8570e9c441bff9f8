package io.tunstack.app;

import io.netty.buffer.ByteBuf;
import io.tunstack.device.NativeException;
import io.tunstack.device.TunDevice;

/**
 * What a {@link Worker} needs of its device queue: read a packet with a timeout, write one, and say how often a read
 * had to wait. {@link TunDevice} is behind it in production; tests put a scripted queue there.
 */
interface Link {

    /**
     * Reads one packet into {@code dst} at its writer index.
     *
     * @param timeoutMillis how long to wait for a packet; negative waits until a packet or a wake-up
     * @return the packet length, {@link TunDevice#TIMED_OUT} or {@link TunDevice#WOKEN}
     */
    int read(ByteBuf dst, int timeoutMillis) throws NativeException;

    /** Writes the readable bytes of {@code src} as one packet, without moving its indices. */
    void write(ByteBuf src) throws NativeException;

    /** How many reads so far found nothing queued and had to wait: it changes only when time may have passed. */
    long readPolls();

    /** A device queue as a link. */
    static Link of(TunDevice device) {
        return new Link() {
            @Override
            public int read(ByteBuf dst, int timeoutMillis) throws NativeException {
                return device.read(dst, timeoutMillis);
            }

            @Override
            public void write(ByteBuf src) throws NativeException {
                device.write(src);
            }

            @Override
            public long readPolls() {
                return device.readPolls();
            }

            @Override
            public String toString() {
                return device.toString();
            }
        };
    }
}
