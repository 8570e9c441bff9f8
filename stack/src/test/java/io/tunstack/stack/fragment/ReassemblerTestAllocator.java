package io.tunstack.stack.fragment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * An allocator that remembers every buffer it handed out, so that a test can assert that all were released
 * ({@code refCnt() == 0}) and count allocations. The buffers come from Netty's unpooled allocator, leak detection
 * included.
 */
public final class ReassemblerTestAllocator extends AbstractByteBufAllocator {

    private final List<ByteBuf> allocated = new ArrayList<>();

    /** Prefers direct buffers, which Netty's leak detector tracks (unpooled heap buffers it does not). */
    public ReassemblerTestAllocator() {
        super(true);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        return remember(UnpooledByteBufAllocator.DEFAULT.heapBuffer(initialCapacity, maxCapacity));
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return remember(UnpooledByteBufAllocator.DEFAULT.directBuffer(initialCapacity, maxCapacity));
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }

    private ByteBuf remember(ByteBuf buffer) {
        allocated.add(buffer);
        return buffer;
    }

    /** How many buffers were allocated so far. */
    public int allocations() {
        return allocated.size();
    }

    /** How many of them are still referenced. */
    public long live() {
        return allocated.stream().filter(buffer -> buffer.refCnt() != 0).count();
    }

    /** Fails unless every buffer allocated so far was released. */
    public void assertAllReleased() {
        assertEquals(0, live(), "buffers still referenced, of " + allocated.size() + " allocated");
    }
}
