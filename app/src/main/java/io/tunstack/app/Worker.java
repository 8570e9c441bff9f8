package io.tunstack.app;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.tunstack.app.observe.DeviceCounters;
import io.tunstack.app.observe.QueueCounters;
import io.tunstack.app.observe.TrafficSignal;
import io.tunstack.device.Link;
import io.tunstack.device.LinkType;
import io.tunstack.stack.NetworkStack;
import io.tunstack.stack.ip.Transmitter;
import io.tunstack.stack.link.LinkLayer;
import io.tunstack.stack.verdict.Verdict;
import io.tunstack.stack.wire.EthernetFrame;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop of one device queue: read a packet, hand it to this queue's {@link LinkLayer}, write what it sends. One
 * thread, one device queue, one link layer with its {@link NetworkStack}, one packet buffer. The link layer is what the
 * device's packets begin with: raw IP packets on a TUN device ({@code RawIpLayer}), Ethernet frames, with ARP and
 * neighbour discovery, on a TAP device ({@code EthernetLayer}); the worker does not tell them apart.
 *
 * <p>Buffers: the worker owns one pooled direct buffer, allocated when the loop starts and released when it ends. Every
 * packet is read into it; the stack rewrites an echo request into its reply in the same buffer (and the Ethernet layer
 * the frame's header in front of it) and hands it back through {@link #transmit}, which writes it before returning.
 * Nothing is allocated per packet.
 *
 * <p>Timers: the link layer says when it or its stack next has work ({@link LinkLayer#nextDeadline()}: a reassembly
 * timeout, a TCP retransmission, a neighbour still unresolved). A read waits for a packet until then and no longer
 * ({@link #MAX_WAIT_MILLIS} at most), or until a packet or a wake-up when nothing is pending, so an idle worker does
 * not wake up at all. Once the deadline has passed, the worker calls {@link LinkLayer#poll(long, Transmitter)}, and
 * what that sends (ICMP Time Exceeded, TCP retransmissions, answers a host profile delayed, ARP and neighbour
 * solicitations) goes out through {@link #transmit} like a reply. Any packet may move the deadline earlier (a held
 * fragment, a SYN), so the worker asks for it after each packet and each poll; asking reads a few fields.
 *
 * <p>The clock ({@link System#nanoTime()}) is read only when time may have passed: after a read that timed out or had
 * to wait (the link counts those waits), and once every {@link #PACKETS_PER_CLOCK_READ} packets otherwise, not per
 * packet.
 *
 * <p>Stopping: {@link Link#wakeup()} (from any thread) makes the blocked read return {@link Link#WOKEN} and
 * the loop end. A failed read ends the loop too, and is reported to the {@code onFailure} callback. After
 * {@link #sendHeldAnswersBeforeStop(boolean)} with {@code true}, a woken worker reads no more packets but first sends
 * the answers a host profile still holds back, each at its time: {@code --count} and {@code --duration} promise the
 * answers to what arrived before them, and a held answer is one of those.
 */
final class Worker implements Transmitter {

    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    /** Large enough for any IPv4 packet: the total length field is 16 bits. What a TUN device hands over. */
    static final int BUFFER_CAPACITY = 65_536;

    /**
     * What a TAP device hands over: the largest IP packet behind an Ethernet header and one VLAN tag (4 bytes, IEEE
     * 802.1Q), which the link layer drops but must read whole.
     */
    static final int ETHERNET_BUFFER_CAPACITY = BUFFER_CAPACITY + EthernetFrame.HEADER_LENGTH + 4;

    /** The longest single wait for a packet while a deadline is pending; a later deadline is waited for in steps. */
    static final int MAX_WAIT_MILLIS = 60_000;

    /**
     * Under steady traffic (reads that never wait), the clock is read once per this many packets. Each packet costs
     * microseconds, and at worst one write that waits up to 100 ms for room in a full device queue, so a deadline is
     * seen at most 0.8 s late, and within microseconds while writes do not wait.
     */
    static final int PACKETS_PER_CLOCK_READ = 8;

    private final int queue;
    private final Link link;
    private final LinkLayer layer;
    private final LongSupplier nanoClock;
    private final DeviceCounters counters = new DeviceCounters();
    private final PacketObserver observer;
    private final FailureListener onFailure;
    private final TrafficSignal traffic;
    /** Whether a woken worker sends what the delay line holds before it ends; any thread sets it. */
    private volatile boolean sendHeldAnswers;

    /** Set before the thread starts: what the worker sends once before its first read, or {@code null}. */
    private Announcer announcer;

    /** Told when a worker stops because its device failed. */
    @FunctionalInterface
    interface FailureListener {
        void workerFailed(int queue, IOException cause);
    }

    /**
     * Sends what announces the answered addresses to the neighbours ({@code EthernetLayer.announce}: gratuitous ARP,
     * unsolicited Neighbor Advertisements) through the worker, and says how many addresses it announced.
     */
    @FunctionalInterface
    interface Announcer {
        int announce(Transmitter tx);
    }

    /**
     * @param observer sees every packet and verdict, or {@code null} for none
     * @param nanoClock the clock of the stack's deadlines ({@link System#nanoTime()} in production)
     * @param traffic told of each packet that arrived after the queue was empty (it wakes the status reporter from
     *     an idle sleep)
     */
    Worker(int queue, Link link, LinkLayer layer, PacketObserver observer, FailureListener onFailure,
            LongSupplier nanoClock, TrafficSignal traffic) {
        this.traffic = traffic;
        this.queue = queue;
        this.link = link;
        this.layer = layer;
        this.observer = observer;
        this.onFailure = onFailure;
        this.nanoClock = nanoClock;
    }

    /**
     * Whether the worker, once woken to stop, first sends the answers the hosts' profiles hold back (at their send
     * times, which {@code delay} bounds), or ends at once and the stack discards them (counted). Any thread; a later
     * {@code false} cuts a wait for held answers short (a signal after {@code --count}).
     */
    void sendHeldAnswersBeforeStop(boolean send) {
        sendHeldAnswers = send;
    }

    /**
     * Makes the worker send {@code announcer}'s announcement once, on its own thread (the link layer's only one),
     * before its first read ({@code --announce}). Call before the worker's thread starts.
     */
    void announceFirst(Announcer announcer) {
        this.announcer = announcer;
    }

    /** This queue's counters: the stack's and the device's. */
    QueueCounters counters() {
        return new QueueCounters(layer.stack().counters(), counters);
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
            int capacity = link.type() == LinkType.ETHERNET ? ETHERNET_BUFFER_CAPACITY : BUFFER_CAPACITY;
            packet = PooledByteBufAllocator.DEFAULT.directBuffer(capacity, capacity);
        } finally {
            running.countDown();
        }
        try {
            if (announcer != null) {
                int announced = announcer.announce(this);
                log.info("announced {} on {}: gratuitous ARP for IPv4, unsolicited neighbor advertisements for IPv6",
                        announced == 1 ? "1 address" : announced + " addresses", link.name());
            }
            loop(packet);
        } catch (IOException e) {
            counters.countDeviceError();
            onFailure.workerFailed(queue, e);
        } finally {
            packet.release();
            layer.close();
        }
    }

    private void loop(ByteBuf packet) throws IOException {
        long now = nanoClock.getAsLong();
        long deadline = layer.nextDeadline();
        long readPollsSeen = link.readPolls();
        int packetsUntilClockRead = PACKETS_PER_CLOCK_READ;
        while (true) {
            // Compared as a difference: nanoTime values may wrap (System.nanoTime() javadoc).
            if (deadline != Long.MAX_VALUE && now - deadline >= 0) {
                layer.poll(now, this);
                deadline = layer.nextDeadline();
            }
            packet.clear();
            int length = link.read(packet, waitMillis(deadline, now));
            if (length == Link.WOKEN) {
                sendHeldAnswers();
                return;
            }
            if (length == Link.TIMED_OUT) {
                now = nanoClock.getAsLong();
                readPollsSeen = link.readPolls();
                packetsUntilClockRead = PACKETS_PER_CLOCK_READ;
                continue;
            }
            handle(packet);
            // A held fragment or a TCP handshake may set an earlier deadline; asking is two field reads.
            deadline = layer.nextDeadline();
            // A read that had to wait in poll() (the link counts those waits) may have waited long; otherwise time
            // passes by microseconds per packet, and a flood reads the clock once per PACKETS_PER_CLOCK_READ.
            long readPolls = link.readPolls();
            boolean waited = readPolls != readPollsSeen;
            readPollsSeen = readPolls;
            if (waited) {
                traffic.packetAfterWait();
            }
            if (waited || --packetsUntilClockRead == 0) {
                packetsUntilClockRead = PACKETS_PER_CLOCK_READ;
                now = nanoClock.getAsLong();
            }
        }
    }

    /**
     * After the wake-up to stop, while {@link #sendHeldAnswersBeforeStop} asks for it: sends the answers the delay
     * line holds, each when its time comes, polling the stack's other timers on the way. The link is woken for good,
     * so the wait is a park, not a read; no packet is read any more.
     */
    private void sendHeldAnswers() {
        while (sendHeldAnswers && layer.stack().delayedAnswers() > 0) {
            long now = nanoClock.getAsLong();
            long deadline = layer.nextDeadline();
            if (deadline == Long.MAX_VALUE) {
                return;
            }
            if (now - deadline >= 0) {
                layer.poll(now, this);
            } else {
                // Parked in steps of at most 10 ms, so that a stop that no longer waits is seen soon.
                LockSupport.parkNanos(Math.min(deadline - now, TimeUnit.MILLISECONDS.toNanos(10)));
            }
        }
    }

    /**
     * How long a read may wait at {@code now} for {@code deadline}: the whole milliseconds until it, rounded down, at
     * most {@link #MAX_WAIT_MILLIS}; or without end (-1) when nothing is pending. Rounded down, a wait ends up to a
     * millisecond before the deadline, and the last fraction is waited for with reads that do not block (0): a delayed
     * answer ({@code delay 50ms}) then leaves within microseconds of its time, not up to a millisecond late, as
     * {@code poll(2)}'s millisecond timeout rounded up would make it. That spin lasts under a millisecond per deadline,
     * and reads any packet that comes meanwhile.
     */
    static int waitMillis(long deadline, long now) {
        if (deadline == Long.MAX_VALUE) {
            return -1;
        }
        long remainingNanos = deadline - now;
        if (remainingNanos <= 0) {
            return 0;
        }
        return (int) Math.min(remainingNanos / TimeUnit.MILLISECONDS.toNanos(1), MAX_WAIT_MILLIS);
    }

    private Verdict handle(ByteBuf packet) {
        if (observer != null) {
            observer.received(packet);
        }
        Verdict verdict = layer.receive(packet, this);
        if (observer != null) {
            String effect = ProfileEffect.describe(layer.stack().profileEffects(), verdict);
            if (effect != null) {
                observer.profileEffect(effect);
            }
            observer.verdict(verdict);
        }
        return verdict;
    }

    /**
     * Writes one packet the stack sends. A refused write (for example {@code EIO} while the link is down) loses that
     * packet only: it is counted as a device error (not as written), logged at warn the first time and then at debug,
     * and the loop goes on.
     */
    @Override
    public void transmit(ByteBuf packet) {
        if (observer != null) {
            observer.transmitted(packet);
        }
        try {
            link.write(packet);
            counters.countWritten();
        } catch (IOException e) {
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
