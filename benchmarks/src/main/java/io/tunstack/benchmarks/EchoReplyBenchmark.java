package io.tunstack.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.tunstack.stack.CapturedPackets;
import io.tunstack.stack.NetworkStack;
import io.tunstack.stack.ip.Transmitter;
import io.tunstack.stack.verdict.Answer;
import io.tunstack.stack.verdict.StackCounters;
import io.tunstack.stack.verdict.Verdict;
import io.tunstack.stack.wire.Icmpv4Type;
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
 * The stack's whole per-packet work for a ping: {@link NetworkStack#receive} turns an echo request into its reply in
 * the request's own buffer and hands it to the {@link Transmitter}, exactly as the device worker calls it.
 *
 * <p>What one operation includes: restoring the request's first {@link EchoRequests#HEADERS} bytes (the only bytes the
 * reply changes: the IPv4 header and the ICMP type and checksum) with one 28-byte copy from a pristine copy, resetting
 * the indices, then {@code receive}: validation (lengths, IPv4 header checksum, source and destination rules, the
 * full ICMP checksum over the whole message), the reply rewrite (addresses, TTL, a Linux-like IP id, DF, the RFC 1624
 * ICMP checksum update and a new header checksum) and the transmit call. {@link #restoreOnly} measures the restore
 * alone, so it can be subtracted. The payload size matters only through the ICMP checksum verification.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EchoReplyBenchmark {

    /** ICMP payload bytes: 56 is the captured 84-byte request itself, 1400 the large flood of the targets. */
    @Param({"56", "1400"})
    int payload;

    private ByteBuf request;
    private ByteBuf packet;
    private NetworkStack stack;
    private final ReplyCounter transmitter = new ReplyCounter();

    /** The transmitter of the benchmark: takes the reply as the device would, by its readable bytes. */
    static final class ReplyCounter implements Transmitter {
        long bytes;

        @Override
        public void transmit(ByteBuf reply) {
            bytes += reply.readableBytes();
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        request = EchoRequests.echoRequest(payload);
        packet = request.copy(0, request.writerIndex());
        stack = new NetworkStack(CapturedPackets.loopbackConfig(), new StackCounters());
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
        packet.setBytes(0, request, 0, EchoRequests.HEADERS);
        packet.setIndex(0, request.writerIndex());
    }

    /** Fails the trial unless receive() really answers, and restoring really gives back the request. */
    private void checkOneReply() {
        long before = transmitter.bytes;
        Verdict verdict = stack.receive(packet, transmitter);
        int type = packet.getUnsignedByte(Ipv4Packet.newUnchecked(packet).payloadOffset());
        if (verdict != Verdict.answered(Answer.ICMPV4_ECHO_REPLY)
                || transmitter.bytes - before != request.readableBytes() || type != Icmpv4Type.ECHO_REPLY) {
            throw new IllegalStateException("the request was not answered: " + verdict + ", ICMP type " + type);
        }
        restoreRequest();
        if (!ByteBufUtil.equals(packet, request)) {
            throw new IllegalStateException("restoring the first " + EchoRequests.HEADERS
                    + " bytes does not give back the request");
        }
    }
}
