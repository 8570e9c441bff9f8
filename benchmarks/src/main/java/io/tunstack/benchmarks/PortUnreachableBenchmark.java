package io.tunstack.benchmarks;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.NetworkStack;
import io.tunstack.stack.ip.Transmitter;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.verdict.StackCounters;
import io.tunstack.stack.verdict.Verdict;
import io.tunstack.stack.wire.CapturedTransportPackets;
import io.tunstack.stack.wire.Icmpv4Type;
import io.tunstack.stack.wire.Ipv4Packet;
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
 * traceroute's UDP probe to a closed port, answered with ICMP Port Unreachable: {@link NetworkStack#receive}
 * validates the IPv4 header, verifies the UDP checksum over the pseudo-header, finds the port closed, asks the error
 * rate limits (here never empty) and builds Destination Unreachable code 3 quoting the probe into the stack's reusable
 * scratch buffer, then hands it to the {@link Transmitter}. The packet is the captured 60-byte probe of
 * {@code traceroute -n} (port 33434, 32 data bytes).
 *
 * <p>One operation also restores the probe's 60 bytes (receive only reads them, but an operation must not depend on
 * the one before); {@link #restoreOnly} measures that alone. Run with {@code -prof gc}: after warm-up
 * {@code gc.alloc.rate.norm} is about 0 B/op, the error is built without allocating.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PortUnreachableBenchmark {

    /** RFC 792, Destination Unreachable: "3 = port unreachable". */
    private static final int PORT_UNREACHABLE = 3;

    private ReplayedPacket probe;
    private NetworkStack stack;
    private final LastSent transmitter = new LastSent();

    /** The transmitter of the benchmark: takes the error as the device would, and keeps its ICMP type and code. */
    static final class LastSent implements Transmitter {
        long packets;
        int typeAndCode;

        @Override
        public void transmit(ByteBuf error) {
            packets++;
            typeAndCode = error.getUnsignedShort(error.readerIndex() + Ipv4Packet.newUnchecked(error).headerLength());
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        probe = new ReplayedPacket(CapturedTransportPackets.UDP_PROBE);
        stack = new NetworkStack(ClosedPortAnswers.config(), new StackCounters());
        checkOneError();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        stack.close();
        probe.release();
    }

    @Benchmark
    public Verdict probeToPortUnreachable() {
        return stack.receive(probe.restore(), transmitter);
    }

    @Benchmark
    public ByteBuf restoreOnly() {
        return probe.restore();
    }

    /** Fails the trial unless receive() really sends Destination Unreachable, Port Unreachable. */
    private void checkOneError() {
        long before = transmitter.packets;
        ByteBuf packet = probe.restore();
        Verdict verdict = stack.receive(packet, transmitter);
        int expected = Icmpv4Type.DESTINATION_UNREACHABLE << 8 | PORT_UNREACHABLE;
        if (verdict != Verdict.dropped(DropReason.UDP_PORT_CLOSED) || transmitter.packets - before != 1
                || transmitter.typeAndCode != expected) {
            throw new IllegalStateException("the probe was not answered with Port Unreachable: " + verdict
                    + ", type and code " + Integer.toHexString(transmitter.typeAndCode));
        }
    }
}
