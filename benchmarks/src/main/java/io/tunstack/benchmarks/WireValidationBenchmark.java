package io.tunstack.benchmarks;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.wire.Icmpv4Packet;
import io.tunstack.stack.wire.Ipv4Packet;
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
 * Validation of a good echo request with the wire views alone, in the stack's order from cheap to expensive: the
 * IPv4 lengths, the IPv4 header checksum, the ICMP length, the ICMP checksum over the whole message. The views are
 * reused, as the stack reuses them, so nothing is allocated. The address rules and the reply are in
 * {@link EchoReplyBenchmark}; broken packets in {@link DropBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class WireValidationBenchmark {

    @Param({"56", "1400"})
    int payload;

    private ByteBuf packet;
    private final Ipv4Packet ip = new Ipv4Packet();
    private final Icmpv4Packet icmp = new Icmpv4Packet();

    @Setup(Level.Trial)
    public void setUp() {
        packet = EchoRequests.echoRequest(payload);
        if (!validate()) {
            throw new IllegalStateException("the good request does not validate: " + ip + " " + icmp);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        packet.release();
    }

    @Benchmark
    public boolean validate() {
        ip.wrap(packet);
        if (ip.checkLength() != null || !ip.verifyHeaderChecksum()) {
            return false;
        }
        icmp.wrap(packet, ip.payloadOffset(), ip.payloadLength());
        DropReason icmpLength = icmp.checkLength();
        return icmpLength == null && icmp.verifyChecksum();
    }
}
