package io.tunstack.app.observe;

import io.netty.buffer.ByteBuf;
import io.tunstack.app.PacketObserver;
import io.tunstack.stack.verdict.DropReason;
import java.time.Clock;
import java.util.List;

/**
 * One worker's observer: turns the worker's callbacks into exchanges for the {@link ExchangeListener}s (trace,
 * explain, pcap). Each packet is copied and timestamped once, so every listener sees the same bytes and time; a packet
 * read is reported once, with its {@link Verdict}, before any packet written in answer to it.
 *
 * <p>The worker calls {@link #received}, then zero or more {@link #transmitted}, then {@link #dropped} if the stack
 * dropped the packet. The verdict of a packet read is therefore known at its first answer, at its drop, or, for a
 * packet accepted without an answer (a fragment held for reassembly), only when the next packet arrives or the
 * observer closes; until then it is pending.
 *
 * <p>One instance per worker thread: the pending packet is that worker's state. Listeners that are shared between
 * workers synchronize themselves.
 */
final class ExchangeObserver implements PacketObserver, AutoCloseable {

    private final List<ExchangeListener> listeners;
    private final Clock clock;
    private CapturedPacket pending;
    private CapturedPacket lastRead;

    ExchangeObserver(List<ExchangeListener> listeners, Clock clock) {
        this.listeners = List.copyOf(listeners);
        this.clock = clock;
    }

    @Override
    public void received(ByteBuf packet) {
        reportPending(Verdict.noAnswer());
        pending = CapturedPacket.copyOf(packet, clock.instant());
        lastRead = pending;
    }

    @Override
    public void transmitted(ByteBuf packet) {
        CapturedPacket reply = CapturedPacket.copyOf(packet, clock.instant());
        reportPending(Verdict.answered());
        for (ExchangeListener listener : listeners) {
            listener.onWritten(lastRead, reply);
        }
    }

    @Override
    public void dropped(DropReason reason) {
        reportPending(Verdict.dropped(reason));
    }

    /** Reports a packet still waiting for its verdict as accepted without an answer. */
    @Override
    public void close() {
        reportPending(Verdict.noAnswer());
    }

    private void reportPending(Verdict verdict) {
        if (pending == null) {
            return;
        }
        CapturedPacket read = pending;
        pending = null;
        for (ExchangeListener listener : listeners) {
            listener.onRead(read, verdict);
        }
    }
}
