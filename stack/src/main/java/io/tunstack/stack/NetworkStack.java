package io.tunstack.stack;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.config.StackConfig;
import io.tunstack.stack.config.StackEnvironment;
import io.tunstack.stack.icmpv4.Icmpv4Handler;
import io.tunstack.stack.icmpv6.Icmpv6Handler;
import io.tunstack.stack.ip.DelayLine;
import io.tunstack.stack.ip.Deadlines;
import io.tunstack.stack.ip.ProtocolTable;
import io.tunstack.stack.ip.Transmitter;
import io.tunstack.stack.ipv4.Ipv4Layer;
import io.tunstack.stack.ipv4.Ipv4Sender;
import io.tunstack.stack.ipv6.Ipv6Layer;
import io.tunstack.stack.ipv6.Ipv6Sender;
import io.tunstack.stack.tcp.TcpHandler;
import io.tunstack.stack.udp.UdpHandler;
import io.tunstack.stack.limit.IcmpRateLimiter;
import io.tunstack.stack.profile.HostBehaviour;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.verdict.StackCounters;
import io.tunstack.stack.verdict.Verdict;
import io.tunstack.stack.wire.IpProtocol;

/**
 * The stack's single entry point: one IP packet in, zero or more IP packets out through a {@link Transmitter}, and a
 * {@link Verdict} that says what became of the packet.
 *
 * <p>It does no I/O and owns no thread. A worker reads a packet from the link, calls {@link #receive}, and calls
 * {@link #poll} when {@link #nextDeadline()} is reached, so that timers (reassembly timeouts, TCP retransmissions) advance. One instance
 * belongs to one worker thread; a multi-queue responder runs one instance per queue.
 *
 * <p>This class wires the layers: it builds each family's protocol table (which protocol goes to which handler), the
 * network layers of the families the configuration runs, and dispatches by IP version. It is the one place where
 * verdicts are counted.
 */
public final class NetworkStack implements AutoCloseable {

    private final StackConfig config;
    private final StackCounters counters;
    /** {@code null} when the configuration runs no IPv4. */
    private final Ipv4Layer ipv4;
    /** {@code null} when the configuration runs no IPv6. */
    private final Ipv6Layer ipv6;
    /** TCP for both families: its connections' timers are the stack's too. */
    private final TcpHandler tcp;
    /** Answers the hosts' profiles hold back; their send times are the stack's timers too. */
    private final DelayLine delayLine;
    private final HostBehaviour behaviour;

    /** A stack in the {@linkplain StackEnvironment#system() system environment}. */
    public NetworkStack(StackConfig config, StackCounters counters) {
        this(config, counters, StackEnvironment.system());
    }

    /**
     * A stack whose ids, clocks and allocator come from {@code environment}, so that tests can make replies
     * deterministic.
     */
    public NetworkStack(StackConfig config, StackCounters counters, StackEnvironment environment) {
        this.config = config;
        this.counters = counters;
        // Linux shares one ICMP error budget (icmp_msgs_per_sec, icmp_msgs_burst) between ICMPv4 and ICMPv6.
        IcmpRateLimiter errorLimiter = new IcmpRateLimiter(config.icmpErrorsPerSecond(), config.icmpErrorBurst(),
                IcmpRateLimiter.DEFAULT_RATE_MASK, environment.nanoClock());
        // One delay line and one seeded generator for both families, so that one seed repeats a whole run.
        this.delayLine = new DelayLine(environment.allocator(), counters);
        this.behaviour = new HostBehaviour(config.seed(), environment.nanoClock(), delayLine);
        // UDP and TCP are one handler each for both families, registered in both tables; TCP sends its
        // retransmissions through each family's sender.
        UdpHandler udp = new UdpHandler(config.openPorts());
        this.tcp = new TcpHandler(config, counters, environment.nanoClock(), environment.allocator(),
                config.ipv4() != null ? new Ipv4Sender(counters) : null,
                config.ipv6() != null ? new Ipv6Sender(counters) : null);
        if (config.ipv4() != null) {
            ProtocolTable protocols = ProtocolTable.withFallback(Ipv4Layer.unsupportedProtocol())
                    .register(IpProtocol.ICMP, new Icmpv4Handler(environment.wallClock()))
                    .register(IpProtocol.UDP, udp)
                    .register(IpProtocol.TCP, tcp)
                    .build();
            this.ipv4 = new Ipv4Layer(config, counters, environment, protocols, errorLimiter, behaviour);
        } else {
            this.ipv4 = null;
        }
        if (config.ipv6() != null) {
            ProtocolTable protocols = ProtocolTable.withFallback(Ipv6Layer.unsupportedNextHeader())
                    .register(IpProtocol.ICMPV6, new Icmpv6Handler())
                    .register(IpProtocol.UDP, udp)
                    .register(IpProtocol.TCP, tcp)
                    .build();
            this.ipv6 = new Ipv6Layer(config, counters, environment, protocols, errorLimiter, behaviour);
        } else {
            this.ipv6 = null;
        }
    }

    public StackConfig config() {
        return config;
    }

    public StackCounters counters() {
        return counters;
    }

    /**
     * The seed of the profiles' random choices: {@link StackConfig#seed()}, or the one drawn at start when it is
     * {@code null}; a run given this seed repeats them.
     */
    public long seed() {
        return behaviour.seed();
    }

    /**
     * What the hosts' profiles did to the packet {@link #receive} handled last, for {@code --trace}: the entry that
     * applied ({@code null} when none did), how long its answer was held, whether it was sent twice. The verdict says
     * the rest (lost, down, unreachable, expired on the way, rate limited). Valid until the next {@code receive}.
     */
    public HostBehaviour profileEffects() {
        return behaviour;
    }

    /** How many answers the hosts' profiles hold back now, waiting for their send time ({@code delay}). */
    public int delayedAnswers() {
        return delayLine.held();
    }

    /**
     * Processes one packet as the link delivered it (raw IP, no link-layer header), and counts its verdict.
     *
     * <p>Ownership: {@code packet} is borrowed. The stack may rewrite it in place (an echo reply is built in the
     * request's own buffer) and hand it to {@code tx}, but never releases it and keeps no reference after returning;
     * the caller may reuse the buffer at once. Its reader and writer indices may have changed.
     *
     * <p>A dropped packet may still cause one ICMP error through {@code tx}, where the ICMP error rules and the error
     * rate limit allow it. Errors are new buffers, released by the stack after {@code tx} returns.
     */
    public Verdict receive(ByteBuf packet, Transmitter tx) {
        behaviour.clearLast();
        Verdict verdict = dispatch(packet, tx);
        counters.count(verdict);
        return verdict;
    }

    /** Dispatch by the version nibble, the first thing every IP header has (RFC 791, RFC 8200). */
    private Verdict dispatch(ByteBuf packet, Transmitter tx) {
        if (!packet.isReadable()) {
            return Verdict.dropped(DropReason.NOT_IP);
        }
        switch (packet.getUnsignedByte(packet.readerIndex()) >>> 4) {
            case 4:
                return ipv4 != null ? ipv4.receive(packet, tx) : Verdict.dropped(DropReason.IPV4_DISABLED);
            case 6:
                return ipv6 != null ? ipv6.receive(packet, tx) : Verdict.dropped(DropReason.IPV6_DISABLED);
            default:
                return Verdict.dropped(DropReason.NOT_IP);
        }
    }

    /**
     * The {@link System#nanoTime()} at which {@link #poll} next has work to do (the earliest reassembly timeout, TCP
     * retransmission or delayed answer), or {@link Long#MAX_VALUE} when nothing is pending: a worker may wait for packets until then, and
     * no longer. It may change with every packet received; asking is cheap.
     */
    public long nextDeadline() {
        long deadline = Deadlines.earliest(ipv4 != null ? ipv4.nextDeadline() : Deadlines.NONE,
                ipv6 != null ? ipv6.nextDeadline() : Deadlines.NONE);
        return Deadlines.earliest(Deadlines.earliest(deadline, tcp.nextDeadline()), delayLine.nextDeadline());
    }

    /**
     * Advances timers to {@code nowNanos} (a {@link System#nanoTime()} value): expires stale reassembly state and
     * sends ICMP Time Exceeded (fragment reassembly time exceeded, RFC 1122 3.3.2, RFC 8200 4.5) through {@code tx}
     * for each expired datagram whose first fragment had arrived; retransmits TCP's SYN+ACKs and FINs that are due;
     * sends the delayed answers that are due, in the order of their send times.
     */
    public void poll(long nowNanos, Transmitter tx) {
        if (ipv4 != null) {
            ipv4.poll(nowNanos, tx);
        }
        if (ipv6 != null) {
            ipv6.poll(nowNanos, tx);
        }
        tcp.poll(nowNanos, tx);
        delayLine.poll(nowNanos, tx);
    }

    /**
     * Releases every buffer the stack holds (fragments in reassembly, delayed answers, counted as
     * {@link io.tunstack.stack.verdict.StackEvent#DELAYED_ANSWER_DISCARDED}, scratch space). The stack must not be
     * used afterwards.
     */
    @Override
    public void close() {
        delayLine.close();
        tcp.close();
        if (ipv4 != null) {
            ipv4.close();
        }
        if (ipv6 != null) {
            ipv6.close();
        }
    }
}
