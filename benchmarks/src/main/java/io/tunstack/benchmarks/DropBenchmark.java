package io.tunstack.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.tunstack.stack.CapturedPackets;
import io.tunstack.stack.NetworkStack;
import io.tunstack.stack.ip.Transmitter;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.verdict.StackCounters;
import io.tunstack.stack.verdict.Verdict;
import io.tunstack.stack.wire.Ipv4Packet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@link NetworkStack#receive} on the captured echo request with exactly one field broken: the cost of a drop,
 * counted and returned as a {@link Verdict} with its {@link DropReason}, from the cheapest check (the version nibble)
 * to the most expensive
 * (the ICMP checksum, found bad only after summing the whole message). A dropped packet is not modified, so the same
 * bytes serve every operation; only the indices are reset. The setup fails unless the stack drops with the expected
 * reason and leaves the bytes as they were.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DropBenchmark {

    /** One broken field each, with the reason the stack must give. */
    public enum Breakage {
        NOT_IP(DropReason.NOT_IP, ip -> ip.setVersion(5)),
        IPV4_BAD_HEADER_CHECKSUM(DropReason.IPV4_BAD_HEADER_CHECKSUM,
                ip -> ip.setHeaderChecksum(ip.headerChecksum() ^ 0x0001)),
        IPV4_TOTAL_LENGTH_BEYOND_BYTES_READ(DropReason.IPV4_TOTAL_LENGTH_BEYOND_BYTES_READ,
                ip -> withHeaderChecksum(ip, () -> ip.setTotalLength(ip.totalLength() + 8))),
        IPV4_NOT_ANSWERED(DropReason.IPV4_NOT_ANSWERED,
                ip -> withHeaderChecksum(ip, () -> ip.setDestinationAddress(CapturedPackets.LOOPBACK + 1))),
        ICMP_BAD_CHECKSUM(DropReason.ICMP_BAD_CHECKSUM, ip -> {
            int lastDataByte = ip.base() + ip.totalLength() - 1;
            ip.buffer().setByte(lastDataByte, ip.buffer().getByte(lastDataByte) ^ 0x01);
        });

        final DropReason expected;
        final Consumer<Ipv4Packet> breakField;

        Breakage(DropReason expected, Consumer<Ipv4Packet> breakField) {
            this.expected = expected;
            this.breakField = breakField;
        }

        private static void withHeaderChecksum(Ipv4Packet ip, Runnable change) {
            change.run();
            ip.fillHeaderChecksum();
        }
    }

    @Param
    Breakage breakage;

    private ByteBuf packet;
    private ByteBuf pristine;
    private int length;
    private NetworkStack stack;
    private final Transmitter mustNotTransmit = reply -> {
        throw new IllegalStateException("a broken request was answered");
    };

    @Setup(Level.Trial)
    public void setUp() {
        packet = EchoRequests.echoRequest(EchoRequests.CAPTURED_PAYLOAD);
        breakage.breakField.accept(Ipv4Packet.newUnchecked(packet));
        pristine = packet.copy();
        length = packet.writerIndex();
        stack = new NetworkStack(CapturedPackets.loopbackConfig(), new StackCounters());
        Verdict verdict = drop();
        if (verdict != Verdict.dropped(breakage.expected)) {
            throw new IllegalStateException(breakage + ": " + verdict + " (expected: dropped: "
                    + breakage.expected.label() + ")");
        }
        checkUnchanged();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        checkUnchanged();
        stack.close();
        packet.release();
        pristine.release();
    }

    @Benchmark
    public Verdict drop() {
        packet.setIndex(0, length);
        return stack.receive(packet, mustNotTransmit);
    }

    private void checkUnchanged() {
        packet.setIndex(0, length);
        if (!ByteBufUtil.equals(packet, pristine)) {
            throw new IllegalStateException(breakage + ": the stack modified a packet it dropped");
        }
    }
}
