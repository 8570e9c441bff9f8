package io.tunstack.app.observe;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.time.Instant;

/**
 * A copy of one packet's readable bytes and the moment it was seen. Observers keep these instead of the worker's
 * buffers, which are only borrowed.
 */
record CapturedPacket(byte[] bytes, Instant time) {

    /** Copies the readable bytes of {@code packet} without moving its indices. */
    static CapturedPacket copyOf(ByteBuf packet, Instant time) {
        return new CapturedPacket(ByteBufUtil.getBytes(packet), time);
    }

    /** A heap view of the copy, for the formatters; it owns no pooled memory, so there is nothing to release. */
    ByteBuf asBuffer() {
        return Unpooled.wrappedBuffer(bytes);
    }
}
