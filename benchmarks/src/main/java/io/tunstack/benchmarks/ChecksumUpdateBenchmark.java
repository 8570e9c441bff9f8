package io.tunstack.benchmarks;

import io.tunstack.stack.wire.Checksum;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The RFC 1624 incremental update, {@link Checksum#update}, as the echo reply uses it: the type/code word changes from
 * 0x0800 to 0x0000 in the captured request, whose ICMP checksum is 0x80e0. The inputs are fields, not constants, so
 * that the JIT cannot fold the result away.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChecksumUpdateBenchmark {

    private int checksum = 0x80e0;
    private int requestTypeAndCode = 0x0800;
    private int replyTypeAndCode = 0x0000;

    @Benchmark
    public int echoRequestToReply() {
        return Checksum.update(checksum, requestTypeAndCode, replyTypeAndCode);
    }
}
