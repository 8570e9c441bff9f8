package io.tunstack.stack;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.tunstack.stack.ip.Transmitter;
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

    /** The only packet transmitted; fails unless exactly one was. */
    public byte[] single() {
        if (packets.size() != 1) {
            throw new AssertionError("transmitted " + packets.size() + " packets (expected: 1)");
        }
        return packets.get(0);
    }
}
