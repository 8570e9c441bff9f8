package io.tunstack.benchmarks;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.NetworkStack;
import io.tunstack.stack.ip.Transmitter;
import io.tunstack.stack.verdict.Answer;
import io.tunstack.stack.verdict.StackCounters;
import io.tunstack.stack.verdict.Verdict;
import io.tunstack.stack.wire.CapturedTransportPackets;
import io.tunstack.stack.wire.Ipv4Packet;
import io.tunstack.stack.wire.TcpPacket;
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
 * A SYN to a closed port, answered with a reset: {@link NetworkStack#receive} validates the IPv4 header, verifies the
 * TCP checksum over the pseudo-header, finds the port closed and turns the segment into RST+ACK in its own buffer
 * (RFC 9293 3.10.7.1: sequence 0, acknowledgment SEG.SEQ+1, the options and data cut off), then hands it to the
 * {@link Transmitter}, as the device worker calls it. The packet is the captured 60-byte SYN of Linux's
 * {@code connect()} (options MSS, SACK permitted, timestamps, window scale).
 *
 * <p>One operation also restores the 60 bytes that the reset overwrote, with one copy from a pristine SYN;
 * {@link #restoreOnly} measures that alone. Run with {@code -prof gc}: after warm-up {@code gc.alloc.rate.norm} is
 * about 0 B/op, the reset path allocates nothing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TcpResetBenchmark {

    private ReplayedPacket syn;
    private NetworkStack stack;
    private final Sent transmitter = new Sent();

    /** The transmitter of the benchmark: takes the answer as the device would, by its readable bytes. */
    static final class Sent implements Transmitter {
        long bytes;
        long packets;

        @Override
        public void transmit(ByteBuf answer) {
            bytes += answer.readableBytes();
            packets++;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        syn = new ReplayedPacket(CapturedTransportPackets.SYN_TO_CLOSED_PORT);
        stack = new NetworkStack(ClosedPortAnswers.config(), new StackCounters());
        checkOneReset();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        stack.close();
        syn.release();
    }

    @Benchmark
    public Verdict synToReset() {
        return stack.receive(syn.restore(), transmitter);
    }

    @Benchmark
    public ByteBuf restoreOnly() {
        return syn.restore();
    }

    /** Fails the trial unless receive() really answers with RST+ACK. */
    private void checkOneReset() {
        long before = transmitter.packets;
        ByteBuf packet = syn.restore();
        Verdict verdict = stack.receive(packet, transmitter);
        Ipv4Packet ip = Ipv4Packet.newUnchecked(packet);
        TcpPacket tcp = new TcpPacket().wrap(packet, ip.payloadOffset(), ip.payloadLength());
        if (verdict != Verdict.answered(Answer.TCP_RST) || transmitter.packets - before != 1
                || tcp.flags() != (TcpPacket.RST | TcpPacket.ACK)) {
            throw new IllegalStateException("the SYN was not answered with a reset: " + verdict + ", flags "
                    + TcpPacket.flagLetters(tcp.flags()));
        }
    }
}
