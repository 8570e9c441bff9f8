package io.tunstack.stack;

import io.netty.buffer.ByteBuf;

/**
 * The stack's single entry point: one IP packet in, zero or more IP packets out through a {@link Transmitter}.
 *
 * <p>It does no I/O and owns no thread. A worker reads a packet from the link, calls {@link #receive}, and calls
 * {@link #poll} now and then so that timers (reassembly timeouts) advance. One instance belongs to one worker thread;
 * a multi-queue responder runs one instance per queue.
 *
 * <p>Dispatch is by IP version (the first nibble), then by protocol; IPv6 and other protocols are additions beside
 * the IPv4 path, not changes to it.
 */
public final class NetworkStack {

    private final StackConfig config;
    private final StackCounters counters;

    public NetworkStack(StackConfig config, StackCounters counters) {
        this.config = config;
        this.counters = counters;
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
     * @return {@code null} when the packet was accepted (answered, or held for reassembly), otherwise the reason it was
     *     dropped; every drop is also counted in {@link #counters()}.
     */
    public DropReason receive(ByteBuf packet, Transmitter tx) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Advances timers to {@code nowNanos} (a {@link System#nanoTime()} value): expires stale reassembly state. */
    public void poll(long nowNanos) {
    }

    /** Releases every buffer the stack holds (fragments in reassembly). The stack must not be used afterwards. */
    public void close() {
    }
}
