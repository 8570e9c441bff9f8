package io.tunstack.benchmarks;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.wire.Checksum;
import java.util.concurrent.TimeUnit;
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
 * The full Internet checksum (RFC 1071), {@link Checksum#compute}, over the first {@code length} bytes of a real
 * echo request in a direct buffer: 84 bytes is the whole captured ping, 1400 bytes the bulk of a 1400-byte-payload
 * request. Verification ({@link Checksum#isValid}) runs the same summing loop and differs only in the final compare.
 * {@link #complementOfFoldedWordSum} computes the same value from {@link Checksum#sum}, which reads one 16-bit word at
 * a time: the difference is what reading eight bytes per bounds check saves.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChecksumBenchmark {

    @Param({"84", "1400"})
    int length;

    private ByteBuf bytes;

    @Setup(Level.Trial)
    public void setUp() {
        bytes = EchoRequests.echoRequest(Math.max(EchoRequests.CAPTURED_PAYLOAD, length - EchoRequests.HEADERS));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        bytes.release();
    }

    @Benchmark
    public int compute() {
        return Checksum.compute(bytes, 0, length);
    }

    @Benchmark
    public int complementOfFoldedWordSum() {
        return ~Checksum.fold(Checksum.sum(bytes, 0, length)) & 0xFFFF;
    }
}
