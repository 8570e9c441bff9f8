package io.tunstack.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.tunstack.stack.NetworkStack;
import io.tunstack.stack.address.InterfaceAddress;
import io.tunstack.stack.config.StackConfig;
import io.tunstack.stack.ip.Transmitter;
import io.tunstack.stack.link.EthernetLayer;
import io.tunstack.stack.link.HostMacs;
import io.tunstack.stack.verdict.Answer;
import io.tunstack.stack.verdict.StackCounters;
import io.tunstack.stack.verdict.Verdict;
import io.tunstack.stack.wire.CapturedFrames;
import io.tunstack.stack.wire.EthernetFrame;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A ping in TAP mode, to hold against {@link EchoReplyBenchmark}: {@link EthernetLayer#receive} takes the captured
 * Ethernet frame of an echo request to 172.21.22.26 (from 172.21.22.23, whose address the device has), checks its
 * destination MAC, strips the header, lets the stack turn the request into its reply in place, writes the reply's
 * header in front of it in the same buffer (MACs swapped) and hands the frame to the {@link Transmitter}, then learns
 * the sender. With {@code -prof gc} it shows the echo path's allocation rate (0 expected).
 *
 * <p>What one operation includes: restoring the frame's first {@link #CHANGED} bytes (Ethernet header, IPv4 header,
 * ICMP type and checksum) from a pristine copy, resetting the indices, then {@code receive}. {@link #restoreOnly}
 * measures the restore alone, to subtract; {@link #packetToReplyPacket} is the same request in TUN mode (no Ethernet
 * header, a stack of the same configuration), the baseline TAP mode is held against.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TapEchoReplyBenchmark {

    /** The bytes the reply changes: the Ethernet header and {@link EchoRequests#HEADERS}. */
    static final int CHANGED = EthernetFrame.HEADER_LENGTH + EchoRequests.HEADERS;

    private ReplayedPacket frame;
    private ByteBuf packet;
    private EthernetLayer layer;
    /** The same request without its Ethernet header, for a stack of the same configuration (TUN mode). */
    private ReplayedPacket ipPacket;
    private NetworkStack tunStack;
    private final EchoReplyBenchmark.ReplyCounter transmitter = new EchoReplyBenchmark.ReplyCounter();

    @Setup(Level.Trial)
    public void setUp() {
        frame = new ReplayedPacket(CapturedFrames.ECHO_REQUEST);
        StackConfig config = StackConfig.builder().address(InterfaceAddress.parse("172.21.22.23/24")).build();
        NetworkStack stack = new NetworkStack(config, new StackCounters());
        layer = new EthernetLayer(stack, HostMacs.of(stack, System::nanoTime), stack.counters(), System::nanoTime,
                PooledByteBufAllocator.DEFAULT);
        packet = frame.restore();
        checkOneReply();
        ipPacket = new ReplayedPacket(Arrays.copyOfRange(CapturedFrames.ECHO_REQUEST,
                EthernetFrame.HEADER_LENGTH, CapturedFrames.ECHO_REQUEST.length));
        tunStack = new NetworkStack(config, new StackCounters());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        layer.close();
        tunStack.close();
        frame.release();
        ipPacket.release();
    }

    @Benchmark
    public Verdict frameToReplyFrame() {
        return layer.receive(restore(), transmitter);
    }

    /** The TUN baseline: the same request, without its Ethernet header, to a stack of the same configuration. */
    @Benchmark
    public Verdict packetToReplyPacket() {
        return tunStack.receive(ipPacket.restore(EchoRequests.HEADERS), transmitter);
    }

    @Benchmark
    public ByteBuf restoreOnly() {
        return restore();
    }

    private ByteBuf restore() {
        return frame.restore(CHANGED);
    }

    /**
     * Fails the trial unless receive() really answers with a whole frame whose MACs are the request's, swapped. Reads
     * the frame through the pooled buffer itself (no duplicate, no wrapped array), so that the views' call sites see
     * the one buffer class the benchmark measures.
     */
    private void checkOneReply() {
        long before = transmitter.bytes;
        Verdict verdict = layer.receive(packet, transmitter);
        EthernetFrame reply = new EthernetFrame().wrap(packet, 0, CapturedFrames.ECHO_REQUEST.length);
        if (verdict != Verdict.answered(Answer.ICMPV4_ECHO_REPLY)
                || transmitter.bytes - before != CapturedFrames.ECHO_REQUEST.length
                || reply.destination() != CapturedFrames.CLIENT_MAC || reply.source() != CapturedFrames.HOST_MAC) {
            throw new IllegalStateException("the frame was not answered: " + verdict + ", " + reply.summary());
        }
        restore();
        if (!Arrays.equals(ByteBufUtil.getBytes(packet), CapturedFrames.ECHO_REQUEST)) {
            throw new IllegalStateException("restoring the first " + CHANGED + " bytes does not give back the frame");
        }
    }
}
