package io.tunstack.app;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.tunstack.device.NativeException;
import io.tunstack.device.TunDevice;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.NetworkStack;
import io.tunstack.stack.ip.Transmitter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop of one device queue: read a packet, hand it to this queue's {@link NetworkStack}, write what the stack
 * sends. One thread, one device queue, one stack, one packet buffer.
 *
 * <p>Buffers: the worker owns one pooled direct buffer, allocated when the loop starts and released when it ends. Every
 * packet is read into it; the stack rewrites an echo request into its reply in the same buffer and hands it back
 * through {@link #transmit}, which writes it before returning. Nothing is allocated per packet.
 *
 * <p>Timers: the stack's {@link NetworkStack#poll(long, Transmitter)} runs when a read times out and, under steady
 * traffic, at least once per {@link #POLL_INTERVAL_MILLIS}; what it sends (ICMP Time Exceeded for a datagram whose
 * reassembly timed out) goes out through {@link #transmit} like a reply. The clock ({@link System#nanoTime()}) is
 * read after a read that had to wait and once every {@link #PACKETS_PER_CLOCK_READ} packets, not per packet.
 *
 * <p>Stopping: {@link TunDevice#wakeup()} (from any thread) makes the blocked read return {@link TunDevice#WOKEN} and
 * the loop end. A failed read ends the loop too, and is reported to the {@code onFailure} callback.
 */
final class Worker implements Transmitter {

    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    /** Large enough for any IPv4 packet: the total length field is 16 bits. */
    static final int BUFFER_CAPACITY = 65_536;

    /** How long a read waits before the stack's timers run; also the longest gap between two polls. */
    static final int POLL_INTERVAL_MILLIS = 1000;

    private static final long POLL_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(POLL_INTERVAL_MILLIS);

    /**
     * Under steady traffic (reads that never wait), the clock is read once per this many packets. Each packet costs
     * microseconds, and at worst one write that waits up to 100 ms for room in a full device queue, so the timers still
     * run within a second of being due, and within 0.8 s more when every write waits.
     */
    static final int PACKETS_PER_CLOCK_READ = 8;

    private final int queue;
    private final TunDevice device;
    private final NetworkStack stack;
    private final DeviceCounters counters = new DeviceCounters();
    private final PacketObserver observer;
    private final FailureListener onFailure;

    /** Told when a worker stops because its device failed. */
    @FunctionalInterface
    interface FailureListener {
        void workerFailed(int queue, NativeException cause);
    }

    /**
     * @param observer sees every packet and verdict, or {@code null} for none
     */
    Worker(int queue, TunDevice device, NetworkStack stack, PacketObserver observer, FailureListener onFailure) {
        this.queue = queue;
        this.device = device;
        this.stack = stack;
        this.observer = observer;
        this.onFailure = onFailure;
    }

    NetworkStack stack() {
        return stack;
    }

    DeviceCounters counters() {
        return counters;
    }

    /**
     * Runs the loop until woken or until the device fails.
     *
     * @param running counted down once the packet buffer is allocated (and the allocator initialised), just before
     *     the first read, also when allocation fails: the ready line waits for it
     */
    void run(CountDownLatch running) {
        ByteBuf packet;
        try {
            packet = PooledByteBufAllocator.DEFAULT.directBuffer(BUFFER_CAPACITY, BUFFER_CAPACITY);
        } finally {
            running.countDown();
        }
        try {
            loop(packet);
        } catch (NativeException e) {
            counters.countDeviceError();
            onFailure.workerFailed(queue, e);
        } finally {
            packet.release();
            stack.close();
        }
    }

    private void loop(ByteBuf packet) throws NativeException {
        long lastPoll = System.nanoTime();
        long readPollsSeen = device.readPolls();
        int packetsUntilClockRead = PACKETS_PER_CLOCK_READ;
        while (true) {
            packet.clear();
            int length = device.read(packet, POLL_INTERVAL_MILLIS);
            if (length == TunDevice.WOKEN) {
                return;
            }
            boolean timedOut = length == TunDevice.TIMED_OUT;
            if (!timedOut) {
                handle(packet);
            }
            // The clock is read only when time may have passed: the read had to wait in poll() (the device counts
            // those waits), or PACKETS_PER_CLOCK_READ packets went by without a wait. A flood reads it once per
            // that many packets instead of once per packet.
            long readPolls = device.readPolls();
            boolean waited = readPolls != readPollsSeen;
            readPollsSeen = readPolls;
            if (timedOut || waited || --packetsUntilClockRead == 0) {
                packetsUntilClockRead = PACKETS_PER_CLOCK_READ;
                long now = System.nanoTime();
                if (timedOut || now - lastPoll >= POLL_INTERVAL_NANOS) {
                    stack.poll(now, this);
                    lastPoll = now;
                }
            }
        }
    }

    private void handle(ByteBuf packet) {
        counters.countRead();
        if (observer != null) {
            observer.received(packet);
        }
        DropReason dropped = stack.receive(packet, this);
        if (dropped != null && observer != null) {
            observer.dropped(dropped);
        }
    }

    /**
     * Writes one packet the stack sends. A refused write (for example {@code EIO} while the link is down) loses that
     * packet only: it is counted, logged at warn the first time and then at debug, and the loop goes on.
     */
    @Override
    public void transmit(ByteBuf packet) {
        if (observer != null) {
            observer.transmitted(packet);
        }
        try {
            device.write(packet);
            counters.countWritten();
        } catch (NativeException e) {
            counters.countDeviceError();
            if (counters.deviceErrors() == 1) {
                log.warn("queue {}: write failed, packet lost: {} (further write errors are logged at debug level)",
                        queue, e.getMessage());
            } else {
                log.debug("queue {}: write failed, packet lost: {}", queue, e.getMessage());
            }
        }
    }
}
