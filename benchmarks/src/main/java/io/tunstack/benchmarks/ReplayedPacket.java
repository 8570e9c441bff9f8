package io.tunstack.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;

/**
 * One captured packet, handed to the stack again and again: a pristine copy, and the working buffer the stack reads
 * and rewrites, as large as the worker's read buffer (64 KiB) so that an answer built in place has the room it would
 * have. {@link #restore()} puts the packet back with one copy before each operation. The benchmark owns both buffers
 * and releases them with {@link #release()}.
 */
final class ReplayedPacket {

    /** The worker's read buffer: room for the largest IP packet. */
    private static final int READ_BUFFER = 65536;

    private final ByteBuf pristine;
    private final ByteBuf packet;

    ReplayedPacket(byte[] bytes) {
        pristine = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
        packet = PooledByteBufAllocator.DEFAULT.directBuffer(READ_BUFFER);
        restore();
    }

    /** The packet as captured, indices reset: what the worker hands to {@code receive}. */
    ByteBuf restore() {
        packet.setBytes(0, pristine, 0, pristine.writerIndex());
        packet.setIndex(0, pristine.writerIndex());
        return packet;
    }

    /**
     * The packet as captured, when only its first {@code changed} bytes were rewritten since the last restore (an
     * answer built in place): one copy of those bytes, indices reset.
     */
    ByteBuf restore(int changed) {
        packet.setBytes(0, pristine, 0, changed);
        packet.setIndex(0, pristine.writerIndex());
        return packet;
    }

    /** Releases both buffers; fails if either is still referenced. */
    void release() {
        pristine.release();
        packet.release();
        if (pristine.refCnt() != 0 || packet.refCnt() != 0) {
            throw new IllegalStateException("benchmark buffers not released");
        }
    }
}
