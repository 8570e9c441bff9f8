package io.tunstack.stack.link;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.NetworkStack;
import io.tunstack.stack.ip.Transmitter;
import io.tunstack.stack.verdict.Verdict;
import java.util.Objects;

/**
 * The link layer of a TUN device: packets are raw IP both ways, so every call goes straight to the
 * {@link NetworkStack}, which counts the verdicts.
 */
public final class RawIpLayer implements LinkLayer {

    private final NetworkStack stack;

    /** A layer over {@code stack}, which it owns from now on. */
    public RawIpLayer(NetworkStack stack) {
        this.stack = Objects.requireNonNull(stack, "stack");
    }

    @Override
    public Verdict receive(ByteBuf frame, Transmitter tx) {
        return stack.receive(frame, tx);
    }

    @Override
    public long nextDeadline() {
        return stack.nextDeadline();
    }

    @Override
    public void poll(long nowNanos, Transmitter tx) {
        stack.poll(nowNanos, tx);
    }

    @Override
    public NetworkStack stack() {
        return stack;
    }

    @Override
    public void close() {
        stack.close();
    }
}
