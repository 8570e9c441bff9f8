package io.tunstack.app.observe;

import io.netty.buffer.ByteBuf;
import io.tunstack.app.PacketObserver;
import io.tunstack.stack.verdict.Verdict;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * One worker's observer: turns the worker's callbacks into exchanges for the {@link ExchangeListener}s (trace,
 * explain, pcap). Each packet is copied and timestamped once, so every listener sees the same bytes and time.
 *
 * <p>The worker calls {@link #received}, then {@link #transmitted} for what the stack sends while handling the packet,
 * then {@link #verdict} with the value the stack returned. The packets written are kept until the verdict comes, so
 * that a listener sees the packet read with its verdict first and then what was written in answer to it. A packet
 * transmitted outside a packet's handling (the stack's timers) is reported at once, without a request.
 *
 * <p>One instance per worker thread: the packet being handled is that worker's state. Listeners that are shared
 * between workers synchronize themselves.
 */
final class ExchangeObserver implements PacketObserver, AutoCloseable {

    private final List<ExchangeListener> listeners;
    private final Clock clock;
    /** The packet read whose verdict is still to come, or {@code null} between packets. */
    private CapturedPacket pending;
    /** What a host profile did to {@link #pending}, or {@code null}. */
    private String pendingProfileEffect;
    /** What was written while {@link #pending} was handled, in order. */
    private final List<CapturedPacket> written = new ArrayList<>();

    ExchangeObserver(List<ExchangeListener> listeners, Clock clock) {
        this.listeners = List.copyOf(listeners);
        this.clock = clock;
    }

    @Override
    public void received(ByteBuf packet) {
        pending = CapturedPacket.copyOf(packet, clock.instant());
        pendingProfileEffect = null;
        written.clear();
    }

    @Override
    public void transmitted(ByteBuf packet) {
        CapturedPacket reply = CapturedPacket.copyOf(packet, clock.instant());
        if (pending != null) {
            written.add(reply);
            return;
        }
        for (ExchangeListener listener : listeners) {
            listener.onWritten(null, reply);
        }
    }

    @Override
    public void profileEffect(String effect) {
        pendingProfileEffect = effect;
    }

    @Override
    public void verdict(Verdict verdict) {
        CapturedPacket read = pending;
        pending = null;
        if (read == null) {
            throw new IllegalStateException("verdict " + verdict + " without a packet read");
        }
        for (ExchangeListener listener : listeners) {
            listener.onRead(read, verdict, pendingProfileEffect);
        }
        for (CapturedPacket reply : written) {
            for (ExchangeListener listener : listeners) {
                listener.onWritten(read, reply);
            }
        }
        written.clear();
    }

    /** Nothing is pending between packets: the worker reports every verdict before it stops. */
    @Override
    public void close() {
        pending = null;
        written.clear();
    }
}
