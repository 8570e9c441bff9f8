package io.tunstack.stack;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.tunstack.stack.ip.Transmitter;
import io.tunstack.stack.verdict.Verdict;
import java.util.ArrayList;
import java.util.List;

/** A {@link Transmitter} for tests: copies the readable bytes of each packet, as the contract asks, and keeps none. */
public final class RecordingTransmitter implements Transmitter {

    private final List<byte[]> packets = new ArrayList<>();

    @Override
    public void transmit(ByteBuf packet) {
        packets.add(ByteBufUtil.getBytes(packet));
    }

    /** The packets transmitted so far, oldest first. */
    public List<byte[]> packets() {
        return packets;
    }

    /**
     * Hands {@code packet} to {@code stack} in a buffer with room beyond it, as a worker's read buffer has (an answer
     * may be longer than its request), and records what the stack sends; the buffer is released afterwards.
     */
    public Verdict receiveInto(NetworkStack stack, byte[] packet) {
        ByteBuf buffer = Unpooled.buffer(2048).writeBytes(packet);
        try {
            return stack.receive(buffer, this);
        } finally {
            buffer.release();
        }
    }

    /** The only packet transmitted; fails unless exactly one was. */
    public byte[] single() {
        if (packets.size() != 1) {
            throw new AssertionError("transmitted " + packets.size() + " packets (expected: 1)");
        }
        return packets.get(0);
    }
}
