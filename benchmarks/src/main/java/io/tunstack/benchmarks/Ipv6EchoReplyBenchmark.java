package io.tunstack.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.tunstack.stack.NetworkStack;
import io.tunstack.stack.address.InterfaceAddress;
import io.tunstack.stack.config.StackConfig;
import io.tunstack.stack.ip.Transmitter;
import io.tunstack.stack.verdict.Answer;
import io.tunstack.stack.verdict.StackCounters;
import io.tunstack.stack.verdict.Verdict;
import io.tunstack.stack.wire.Icmpv6Type;
import io.tunstack.stack.wire.Ipv6Packet;
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
 * The stack's whole per-packet work for a {@code ping -6}: {@link NetworkStack#receive} turns the captured ICMPv6 echo
 * request (fd00:172:21:22::23 to fd00:172:21:22::26) into its reply in the request's own buffer and hands it to the
 * {@link Transmitter}, exactly as the device worker calls it, with tunstack's default IPv6 configuration: the device
 * is fd00:172:21:22::23/64 (the kernel's side, the source of the pings) and every other host of the prefix answers.
 *
 * <p>What one operation includes: restoring the request's first {@link EchoRequests#IPV6_HEADERS} bytes (the only
 * bytes the reply changes: the IPv6 header and the ICMPv6 type and checksum) from a pristine copy, resetting the
 * indices, then {@code receive}: validation (version, payload length, source and destination rules, the ICMPv6
 * checksum over the pseudo-header and the whole message), the reply rewrite (addresses, hop limit, type 129, the
 * RFC 1624 checksum update) and the transmit call. {@link #restoreOnly} measures the restore alone, to subtract.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class Ipv6EchoReplyBenchmark {

    /** ICMPv6 data bytes: 56 is the captured 104-byte request itself, 1400 the large flood of the IPv4 benchmark. */
    @Param({"56", "1400"})
    int payload;

    private ByteBuf request;
    private ByteBuf packet;
    private NetworkStack stack;
    private final EchoReplyBenchmark.ReplyCounter transmitter = new EchoReplyBenchmark.ReplyCounter();

    @Setup(Level.Trial)
    public void setUp() {
        request = EchoRequests.ipv6EchoRequest(payload);
        packet = request.copy(0, request.writerIndex());
        StackConfig config = StackConfig.builder().address(InterfaceAddress.parse("fd00:172:21:22::23/64")).build();
        stack = new NetworkStack(config, new StackCounters());
        checkOneReply();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        stack.close();
        request.release();
        packet.release();
        if (request.refCnt() != 0 || packet.refCnt() != 0) {
            throw new IllegalStateException("benchmark buffers not released");
        }
    }

    @Benchmark
    public Verdict requestToReply() {
        restoreRequest();
        return stack.receive(packet, transmitter);
    }

    @Benchmark
    public ByteBuf restoreOnly() {
        restoreRequest();
        return packet;
    }

    private void restoreRequest() {
        packet.setBytes(0, request, 0, EchoRequests.IPV6_HEADERS);
        packet.setIndex(0, request.writerIndex());
    }

    /** Fails the trial unless receive() really answers, and restoring really gives back the request. */
    private void checkOneReply() {
        long before = transmitter.bytes;
        Verdict verdict = stack.receive(packet, transmitter);
        int type = packet.getUnsignedByte(Ipv6Packet.HEADER_LENGTH);
        if (verdict != Verdict.answered(Answer.ICMPV6_ECHO_REPLY)
                || transmitter.bytes - before != request.readableBytes() || type != Icmpv6Type.ECHO_REPLY) {
            throw new IllegalStateException("the request was not answered: " + verdict + ", ICMPv6 type " + type);
        }
        restoreRequest();
        if (!ByteBufUtil.equals(packet, request)) {
            throw new IllegalStateException("restoring the first " + EchoRequests.IPV6_HEADERS
                    + " bytes does not give back the request");
        }
    }
}
