package io.tunstack.stack.link;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.NetworkStack;
import io.tunstack.stack.ip.Transmitter;
import io.tunstack.stack.verdict.Verdict;

/**
 * What a worker holds: link-layer packets in (Ethernet frames, or raw IP packets on a TUN device), link-layer packets
 * out through a {@link Transmitter}, and the timers of the stack and of the link layer itself. One instance belongs to
 * one worker thread, as its {@link NetworkStack} does.
 *
 * <p>Ownership: the packets given to {@link #receive} are borrowed, as {@link NetworkStack#receive} borrows them: the
 * layer may rewrite them in place (an echo reply is built in the request's own buffer) but never releases or keeps
 * them. What it hands to the transmitter is borrowed by the transmitter for the call. The layer owns its stack:
 * {@link #close()} closes it.
 */
public interface LinkLayer extends AutoCloseable {

    /**
     * Processes one packet as the device delivered it, sends what it calls for through {@code tx} (whole link-layer
     * packets), and returns its verdict, counted once in the stack's counters.
     */
    Verdict receive(ByteBuf frame, Transmitter tx);

    /**
     * The {@link System#nanoTime()} at which {@link #poll} next has work: the earliest of the stack's deadlines and
     * the link layer's own (resolution retries), or {@link Long#MAX_VALUE} when nothing is pending.
     */
    long nextDeadline();

    /** Advances the stack's timers and the link layer's own to {@code nowNanos}, sending what is due through tx. */
    void poll(long nowNanos, Transmitter tx);

    /** The stack behind the layer: for its configuration, its counters and its profiles' effects on traces. */
    NetworkStack stack();

    /** Releases what the layer holds (queued packets, scratch space) and closes the stack. */
    @Override
    void close();
}
