package io.tunstack.app.observe;

import io.netty.buffer.ByteBuf;
import io.tunstack.app.PacketObserver;
import io.tunstack.stack.DropReason;
import java.time.Clock;

/**
 * Turns the worker's callbacks into exchanges: each packet read is reported once, together with its {@link Verdict},
 * and before any packet written in answer to it.
 *
 * <p>The worker calls {@link #received}, then zero or more {@link #transmitted}, then {@link #dropped} if the stack
 * dropped the packet. The verdict of a read packet is therefore known at its first answer, at its drop, or, for a
 * packet accepted without an answer (a fragment held for reassembly), only when the next packet arrives or the
 * observer closes; until then it is pending.
 *
 * <p>One instance per worker thread: the pending packet is that worker's state. Subclasses write to sinks that may be
 * shared between workers and synchronize there.
 */
abstract class ExchangeObserver implements PacketObserver, AutoCloseable {

    private final Clock clock;
    private CapturedPacket pending;
    private CapturedPacket lastRead;

    ExchangeObserver(Clock clock) {
        this.clock = clock;
    }

    /** A packet read from the device, now that its verdict is known. */
    abstract void onRead(CapturedPacket packet, Verdict verdict);

    /** A packet written to the device, in answer to {@code request} (the last packet read, as it was read). */
    abstract void onWritten(CapturedPacket request, CapturedPacket reply);

    @Override
    public final void received(ByteBuf packet) {
        reportPending(Verdict.noAnswer());
        pending = CapturedPacket.copyOf(packet, clock.instant());
        lastRead = pending;
    }

    @Override
    public final void transmitted(ByteBuf packet) {
        CapturedPacket reply = CapturedPacket.copyOf(packet, clock.instant());
        reportPending(Verdict.answered());
        onWritten(lastRead, reply);
    }

    @Override
    public final void dropped(DropReason reason) {
        reportPending(Verdict.dropped(reason));
    }

    /** Reports a packet still waiting for its verdict as accepted without an answer. */
    @Override
    public void close() {
        reportPending(Verdict.noAnswer());
    }

    private void reportPending(Verdict verdict) {
        if (pending != null) {
            CapturedPacket read = pending;
            pending = null;
            onRead(read, verdict);
        }
    }
}
