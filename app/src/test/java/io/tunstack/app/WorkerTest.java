package io.tunstack.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.tunstack.app.observe.TrafficSignal;
import io.tunstack.device.Link;
import io.tunstack.device.LinkType;
import io.tunstack.device.NativeException;
import io.tunstack.stack.CapturedPackets;
import io.tunstack.stack.CraftedPackets;
import io.tunstack.stack.LeakDetection;
import io.tunstack.stack.NetworkStack;
import io.tunstack.stack.TestEnvironment;
import io.tunstack.stack.address.InterfaceAddress;
import io.tunstack.stack.address.Ipv4Address;
import io.tunstack.stack.config.StackConfig;
import io.tunstack.stack.link.RawIpLayer;
import io.tunstack.stack.verdict.Answer;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.verdict.StackCounters;
import io.tunstack.stack.verdict.Verdict;
import io.tunstack.stack.wire.Ipv4Packet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import jnr.constants.platform.Errno;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The worker's loop on a scripted link and a manual clock: reads wait exactly until the stack's next deadline (and
 * without end when there is none), the deadline's work is done by {@code poll}, and a flood reads the clock once per
 * {@link Worker#PACKETS_PER_CLOCK_READ} packets.
 */
@ExtendWith(LeakDetection.class)
class WorkerTest {

    private static final int KERNEL = Ipv4Address.parse("172.21.22.23");
    private static final int ANSWERED = Ipv4Address.parse("172.21.22.26");
    private static final StackConfig CONFIG =
            StackConfig.builder().address(InterfaceAddress.ipv4(KERNEL, 24)).build();
    private static final byte[] ECHO_REQUEST = CraftedPackets.echoRequest(KERNEL, ANSWERED, 7, 1, new byte[56]);

    /** A clock that moves only when the link says time passed, and counts how often it is read. */
    private static final class ManualClock implements LongSupplier {
        long nanos = TimeUnit.DAYS.toNanos(2);
        int reads;

        @Override
        public long getAsLong() {
            reads++;
            return nanos;
        }
    }

    /** One step of the script: a packet (read at once, or after a wait), or a read that times out. */
    private record Step(byte[] packet, boolean waits) {
        static Step packet(byte[] packet) {
            return new Step(packet, false);
        }

        static Step afterAWait(byte[] packet) {
            return new Step(packet, true);
        }

        static Step timeout() {
            return new Step(null, true);
        }
    }

    /** A device queue that plays a script, then reports a wake-up; time passes only in its timed-out reads. */
    private static final class ScriptedLink implements Link {
        final Deque<Step> script = new ArrayDeque<>();
        final List<Integer> timeouts = new ArrayList<>();
        final List<byte[]> written = new ArrayList<>();
        final ManualClock clock;
        long readPolls;
        boolean failWrites;
        /** The errnos the next writes fail with, one each, before writes succeed again. */
        final Deque<Errno> writeFailures = new ArrayDeque<>();
        /** What the packets begin with: raw IP unless a test says Ethernet. */
        LinkType type = LinkType.RAW_IP;
        /** The room each read was given. */
        final List<Integer> room = new ArrayList<>();

        ScriptedLink(ManualClock clock, Step... steps) {
            this.clock = clock;
            script.addAll(List.of(steps));
        }

        @Override
        public int read(ByteBuf dst, int timeoutMillis) {
            timeouts.add(timeoutMillis);
            room.add(dst.writableBytes());
            Step step = script.poll();
            if (step == null) {
                return Link.WOKEN;
            }
            if (step.waits()) {
                readPolls++;
            }
            if (step.packet() == null) {
                assertTrue(timeoutMillis >= 0, "a read that times out had a timeout");
                clock.nanos += TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
                return Link.TIMED_OUT;
            }
            dst.writeBytes(step.packet());
            return step.packet().length;
        }

        @Override
        public void write(ByteBuf src) throws NativeException {
            if (failWrites) {
                throw new NativeException("write", "tun0", Errno.EIO);
            }
            Errno failure = writeFailures.poll();
            if (failure != null) {
                throw new NativeException("write", "tun0", failure);
            }
            byte[] bytes = new byte[src.readableBytes()];
            src.getBytes(src.readerIndex(), bytes);
            written.add(bytes);
        }

        @Override
        public long readPolls() {
            return readPolls;
        }

        @Override
        public String name() {
            return "tun0";
        }

        @Override
        public LinkType type() {
            return type;
        }

        @Override
        public OptionalInt mtu() {
            return OptionalInt.of(1500);
        }

        @Override
        public void wakeup() {
            script.clear();
        }

        @Override
        public void close() {
        }
    }

    private static Worker worker(ScriptedLink link, LongSupplier stackClock) {
        return worker(link, stackClock, null);
    }

    private static Worker worker(ScriptedLink link, LongSupplier stackClock, PacketObserver observer) {
        NetworkStack stack = new NetworkStack(CONFIG, new StackCounters(),
                TestEnvironment.fixed((d, s, p) -> 1, stackClock));
        return new Worker(0, link, new RawIpLayer(stack), observer, (queue, cause) -> {
            throw new AssertionError("queue " + queue + " failed", cause);
        }, link.clock, new TrafficSignal());
    }

    private static void run(Worker worker) {
        worker.run(new CountDownLatch(1));
    }

    @Test
    void anIdleWorkerWaitsWithoutEndWhenNothingIsPending() {
        ManualClock clock = new ManualClock();
        ScriptedLink link = new ScriptedLink(clock, Step.packet(ECHO_REQUEST), Step.afterAWait(ECHO_REQUEST));
        Worker worker = worker(link, () -> 0L);

        run(worker);

        assertEquals(List.of(-1, -1, -1), link.timeouts, "no periodic wake-up");
        assertEquals(2, link.written.size());
        assertEquals(2, worker.counters().stack().answered(Answer.ICMPV4_ECHO_REPLY));
        assertEquals(2, worker.counters().device().packetsWritten());
    }

    /** A TAP device's frames are read whole: the largest IP packet, its Ethernet header and a VLAN tag. */
    @Test
    void aTapDevicesFramesGetRoomForTheEthernetHeader() {
        ScriptedLink tun = new ScriptedLink(new ManualClock(), Step.packet(ECHO_REQUEST));
        ScriptedLink tap = new ScriptedLink(new ManualClock(), Step.packet(ECHO_REQUEST));
        tap.type = LinkType.ETHERNET;

        run(worker(tun, () -> 0L));
        run(worker(tap, () -> 0L));

        assertEquals(65_536, tun.room.get(0), "any IPv4 packet");
        assertEquals(65_536 + 14 + 4, tap.room.get(0), "and an Ethernet header with a VLAN tag");
    }

    /** {@code --announce}: the announcement goes out once, through the worker's link, before the first read. */
    @Test
    void anAnnouncementIsSentOnceBeforeTheFirstRead() {
        ManualClock clock = new ManualClock();
        ScriptedLink link = new ScriptedLink(clock, Step.packet(ECHO_REQUEST));
        Worker worker = worker(link, () -> 0L);
        List<Integer> readsBeforeEachCall = new ArrayList<>();
        worker.announceFirst(tx -> {
            readsBeforeEachCall.add(link.timeouts.size());
            ByteBuf announcement = CapturedPackets.copy(ECHO_REQUEST);
            try {
                tx.transmit(announcement);
            } finally {
                announcement.release();
            }
            return 1;
        });

        run(worker);

        assertEquals(List.of(0), readsBeforeEachCall, "once, before any read");
        assertEquals(2, link.written.size(), "the announcement, then the echo reply");
        assertEquals(2, worker.counters().device().packetsWritten());
    }

    @Test
    void aFloodReadsTheClockOncePerEightPackets() {
        ManualClock clock = new ManualClock();
        ScriptedLink link = new ScriptedLink(clock);
        for (int i = 0; i < 80; i++) {
            link.script.add(Step.packet(ECHO_REQUEST));
        }
        Worker worker = worker(link, () -> 0L);

        run(worker);

        assertEquals(80, link.written.size());
        assertEquals(1 + 80 / Worker.PACKETS_PER_CLOCK_READ, clock.reads, "once at the start, then once per 8");
    }

    @Test
    void aReadThatHadToWaitReadsTheClock() {
        ManualClock clock = new ManualClock();
        ScriptedLink link = new ScriptedLink(clock);
        for (int i = 0; i < 5; i++) {
            link.script.add(Step.afterAWait(ECHO_REQUEST));
        }
        Worker worker = worker(link, () -> 0L);

        run(worker);

        assertEquals(1 + 5, clock.reads);
    }

    @Test
    void aHeldFragmentIsWaitedForUntilItsDeadlineAndThenPolled() {
        // RFC 1122 3.3.2 and Linux ipfrag_time: 30 s after fragment zero, Time Exceeded (code 1) goes out.
        ManualClock clock = new ManualClock();
        ScriptedLink link = new ScriptedLink(clock, Step.afterAWait(firstFragment()), Step.timeout());
        Worker worker = worker(link, clock);

        run(worker);

        assertEquals(List.of(-1, 30_000, -1), link.timeouts,
                "nothing pending, then exactly the reassembly timeout, then nothing pending again");
        assertEquals(1, link.written.size());
        ByteBuf error = CapturedPackets.copy(link.written.get(0));
        try {
            Ipv4Packet ip = Ipv4Packet.newUnchecked(error);
            assertEquals(ANSWERED, ip.sourceAddress());
            assertEquals(KERNEL, ip.destinationAddress());
            assertEquals(11, error.getUnsignedByte(ip.payloadOffset()), "ICMP time exceeded");
            assertEquals(1, error.getUnsignedByte(ip.payloadOffset() + 1), "fragment reassembly time exceeded");
        } finally {
            error.release();
        }
        StackCounters counters = worker.counters().stack();
        assertEquals(1, counters.held());
        assertEquals(1, counters.heldDiscarded(DropReason.REASSEMBLY_TIMEOUT));
        assertEquals(1, counters.sent(Answer.ICMPV4_TIME_EXCEEDED));
        assertEquals(1, worker.counters().device().packetsWritten());
    }

    @Test
    void theObserverGetsTheVerdictTheStackCountedAfterWhatWasSent() {
        // An SCTP probe: dropped (no SCTP here), answered with Protocol Unreachable. Trace and summary must agree.
        byte[] udp = CraftedPackets.withHeader(ECHO_REQUEST, ip -> ip.setProtocol(132));
        ManualClock clock = new ManualClock();
        ScriptedLink link = new ScriptedLink(clock, Step.packet(udp), Step.packet(ECHO_REQUEST));
        List<String> seen = new ArrayList<>();
        PacketObserver observer = new PacketObserver() {
            @Override
            public void received(ByteBuf packet) {
                seen.add("received " + packet.readableBytes());
            }

            @Override
            public void transmitted(ByteBuf packet) {
                seen.add("transmitted ICMP type " + packet.getUnsignedByte(packet.readerIndex() + 20));
            }

            @Override
            public void verdict(Verdict verdict) {
                seen.add(verdict.toString());
            }
        };
        Worker worker = worker(link, () -> 0L, observer);

        run(worker);

        assertEquals(List.of("received 84", "transmitted ICMP type 3", "dropped: ipv4-unsupported-protocol",
                "received 84", "transmitted ICMP type 0", "answered: icmpv4-echo-reply"), seen);
        StackCounters counters = worker.counters().stack();
        assertEquals(1, counters.dropped(DropReason.IPV4_UNSUPPORTED_PROTOCOL));
        assertEquals(1, counters.sent(Answer.ICMPV4_DESTINATION_UNREACHABLE));
        assertEquals(1, counters.answered(Answer.ICMPV4_ECHO_REPLY));
        assertEquals(2, worker.counters().device().packetsWritten());
    }

    @Test
    void aFailedWriteIsADeviceErrorAndNotAWrittenPacket() {
        ManualClock clock = new ManualClock();
        ScriptedLink link = new ScriptedLink(clock, Step.packet(ECHO_REQUEST), Step.packet(ECHO_REQUEST));
        link.failWrites = true;
        Worker worker = worker(link, () -> 0L);

        run(worker);

        assertEquals(2, worker.counters().stack().transmitted(), "the stack sent both replies");
        assertEquals(0, worker.counters().device().packetsWritten());
        assertEquals(2, worker.counters().device().deviceErrors());
    }

    /**
     * The kernel's queue full: a tun write fails with ENOBUFS (no buffer for the packet) or EAGAIN (the device's
     * queue full even after TunDevice's wait). Each loses that reply only; the worker carries on with the next packet.
     */
    @Test
    void aFullKernelQueueLosesThatReplyOnlyAndTheWorkerCarriesOn() {
        ManualClock clock = new ManualClock();
        ScriptedLink link = new ScriptedLink(clock, Step.packet(ECHO_REQUEST), Step.packet(ECHO_REQUEST),
                Step.packet(ECHO_REQUEST), Step.afterAWait(ECHO_REQUEST));
        link.writeFailures.add(Errno.ENOBUFS);
        link.writeFailures.add(Errno.EAGAIN);
        Worker worker = worker(link, () -> 0L);

        run(worker);

        assertEquals(4, worker.counters().stack().received(), "every packet read");
        assertEquals(4, worker.counters().stack().transmitted(), "the stack answered every one");
        assertEquals(2, worker.counters().device().deviceErrors(), "ENOBUFS and EAGAIN counted");
        assertEquals(2, worker.counters().device().packetsWritten(), "the replies after them written");
        assertEquals(2, link.written.size());
    }

    @Test
    void waitsUntilTheDeadlineRoundedDownToAMillisecondAndAtMostTheCap() {
        long now = 1_000_000_000L;
        assertEquals(-1, Worker.waitMillis(Long.MAX_VALUE, now));
        assertEquals(0, Worker.waitMillis(now + 1, now), "the last fraction of a millisecond: reads that do not block");
        assertEquals(0, Worker.waitMillis(now + 999_999, now));
        assertEquals(1, Worker.waitMillis(now + 1_000_000, now));
        assertEquals(1, Worker.waitMillis(now + 1_999_999, now));
        assertEquals(30_000, Worker.waitMillis(now + TimeUnit.SECONDS.toNanos(30), now));
        assertEquals(Worker.MAX_WAIT_MILLIS, Worker.waitMillis(now + TimeUnit.DAYS.toNanos(9), now));
        assertEquals(0, Worker.waitMillis(now, now));
        assertEquals(0, Worker.waitMillis(now - 5, now));
        assertEquals(0, Worker.waitMillis(Long.MIN_VALUE + 1, Long.MAX_VALUE - 5), "across the nanoTime wrap");
        assertEquals(2, Worker.waitMillis(Long.MIN_VALUE + 2_000_001, Long.MAX_VALUE - 5), "across the nanoTime wrap");
    }

    /** Fragment zero (608 data bytes, MF) of a 1208-byte echo request to {@link #ANSWERED}. */
    private static byte[] firstFragment() {
        byte[] request = CraftedPackets.echoRequest(KERNEL, ANSWERED, 7, 1, new byte[1200]);
        byte[] fragment = java.util.Arrays.copyOf(request, 20 + 608);
        ByteBuf buffer = CapturedPackets.copy(fragment);
        try {
            Ipv4Packet ip = Ipv4Packet.newUnchecked(buffer);
            ip.setDontFragment(false);
            ip.setMoreFragments(true);
            ip.setTotalLength(fragment.length);
            ip.fillHeaderChecksum();
            buffer.getBytes(0, fragment);
        } finally {
            buffer.release();
        }
        return fragment;
    }

    @Test
    void theObserverHearsWhatAHostProfileDidBeforeTheVerdict() {
        StackConfig config = StackConfig.builder().address(InterfaceAddress.ipv4(KERNEL, 24))
                .profiles(io.tunstack.stack.profile.ProfileSource.of(io.tunstack.stack.profile.ProfileTable.of(
                        List.of(new io.tunstack.stack.profile.ProfileTable.Entry(
                                io.tunstack.stack.address.IpRange.parse("172.21.22.26"), "slow",
                                io.tunstack.stack.profile.HostProfile.parse("delay 50ms"),
                                new io.tunstack.stack.profile.ProfileCounters())))))
                .build();
        ManualClock clock = new ManualClock();
        ScriptedLink link = new ScriptedLink(clock, Step.afterAWait(ECHO_REQUEST), Step.timeout());
        List<String> heard = new java.util.ArrayList<>();
        PacketObserver observer = new PacketObserver() {
            @Override
            public void received(ByteBuf packet) {
                heard.add("received");
            }

            @Override
            public void transmitted(ByteBuf packet) {
                heard.add("transmitted");
            }

            @Override
            public void profileEffect(String effect) {
                heard.add(effect);
            }

            @Override
            public void verdict(Verdict verdict) {
                heard.add(verdict.toString());
            }
        };
        NetworkStack stack = new NetworkStack(config, new StackCounters(), TestEnvironment.fixed((d, s, p) -> 1, clock));
        Worker worker = new Worker(0, link, new RawIpLayer(stack), observer, (queue, cause) -> {
            throw new AssertionError("queue " + queue + " failed", cause);
        }, link.clock, new TrafficSignal());

        run(worker);

        assertEquals(List.of("received", "profile slow (delay 50ms): held 50.0 ms", "answered: icmpv4-echo-reply",
                "transmitted"), heard, "the answer leaves 50 ms later, from the stack's timer");
        assertEquals(1, link.written.size());
    }
}
