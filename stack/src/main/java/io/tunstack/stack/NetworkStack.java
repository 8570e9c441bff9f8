package io.tunstack.stack;

import io.tunstack.stack.verdict.DropReason;
import io.netty.buffer.ByteBuf;
import io.tunstack.stack.icmp.IcmpLayer;
import io.tunstack.stack.ipv4.Ipv4Layer;

/**
 * The stack's single entry point: one IP packet in, zero or more IP packets out through a {@link Transmitter}.
 *
 * <p>It does no I/O and owns no thread. A worker reads a packet from the link, calls {@link #receive}, and calls
 * {@link #poll(long, Transmitter)} now and then so that timers (reassembly timeouts) advance. One instance belongs to
 * one worker thread; a multi-queue responder runs one instance per queue.
 *
 * <p>Dispatch is by IP version (the first nibble), then by protocol; IPv6 and other protocols are additions beside
 * the IPv4 path, not changes to it.
 */
public final class NetworkStack {

    private final StackConfig config;
    private final StackCounters counters;
    private final Ipv4Layer ipv4;

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
        this.ipv4 = new Ipv4Layer(config, counters, environment, new IcmpLayer(config, environment.wallClock()));
    }

    public StackConfig config() {
        return config;
    }

    public StackCounters counters() {
        return counters;
    }

    /**
     * Processes one packet as the link delivered it (raw IP, no link-layer header).
     *
     * <p>Ownership: {@code packet} is borrowed. The stack may rewrite it in place (an echo reply is built in the
     * request's own buffer) and hand it to {@code tx}, but never releases it and keeps no reference after returning;
     * the caller may reuse the buffer at once. Its reader and writer indices may have changed.
     *
     * <p>A dropped packet may still cause one ICMP error through {@code tx}, where RFC 1122 3.2.2 allows it and the
     * error rate limit has a token: a Parameter Problem for a malformed option, a Protocol Unreachable for a protocol
     * other than ICMP. Errors are new buffers, released by the stack after {@code tx} returns.
     *
     * @return {@code null} when the packet was accepted (answered, or held for reassembly), otherwise the reason it was
     *     dropped; every drop is also counted in {@link #counters()}.
     */
    public DropReason receive(ByteBuf packet, Transmitter tx) {
        counters.countReceived();
        DropReason reason = dispatch(packet, tx);
        if (reason != null) {
            counters.countDrop(reason);
        }
        return reason;
    }

    /** Dispatch by the version nibble, the first thing every IP header has (RFC 791, RFC 8200). */
    private DropReason dispatch(ByteBuf packet, Transmitter tx) {
        if (!packet.isReadable()) {
            return DropReason.NOT_IP;
        }
        switch (packet.getUnsignedByte(packet.readerIndex()) >>> 4) {
            case 4:
                return ipv4.receive(packet, tx);
            case 6:
                return DropReason.IPV6_DISABLED;
            default:
                return DropReason.NOT_IP;
        }
    }

    /** Advances timers to {@code nowNanos} (a {@link System#nanoTime()} value): expires stale reassembly state. */
    public void poll(long nowNanos) {
        ipv4.poll(nowNanos);
    }

    /**
     * As {@link #poll(long)}, and sends ICMP Time Exceeded (fragment reassembly time exceeded, RFC 1122 3.3.2)
     * through {@code tx} for each expired datagram whose first fragment had arrived. Workers that can write should
     * call this one.
     */
    public void poll(long nowNanos, Transmitter tx) {
        ipv4.poll(nowNanos, tx);
    }

    /** Releases every buffer the stack holds (fragments in reassembly). The stack must not be used afterwards. */
    public void close() {
        ipv4.close();
    }
}
