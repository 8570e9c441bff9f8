package io.tunstack.stack.ip;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.tunstack.stack.verdict.Answer;
import io.tunstack.stack.verdict.StackCounters;
import io.tunstack.stack.verdict.StackEvent;
import java.util.Objects;

/**
 * Answers held back until their send time, the way {@code tc netem} holds packets in its time-ordered queue
 * ({@code tfifo}): each held datagram is a copy in a buffer of its own, and they leave in the order of their send
 * times, so that answers with random delays overtake each other as they do behind netem's jitter. Answers due at the
 * same nanosecond leave in the order they were held.
 *
 * <p>Bounded: at most {@link #DEFAULT_PACKETS} datagrams and {@link #DEFAULT_BYTES} bytes at once (4096 packets of a
 * 2 KiB average). A datagram that does not fit is refused ({@link #hold} returns {@code false}) and the caller drops and
 * counts it: memory stays flat whatever the rate. At 50,000 answers a second with {@code delay 10ms}, 500 are held.
 *
 * <p>Time is the caller's: {@link #nextDeadline()} says when the earliest answer is due, and {@link #poll} sends every
 * answer due by then, as the worker drives every timer of the stack. Each answer leaves through the
 * {@link DatagramOutput} of its family, which fragments it if need be and counts what it transmits: a held answer is
 * counted as sent when it is sent.
 *
 * <p>Buffers: {@link #hold} copies the datagram it is lent into a buffer from the allocator; the line owns that copy
 * until {@link #poll} has sent it, or {@link #close()} discards it (counted as
 * {@link StackEvent#DELAYED_ANSWER_DISCARDED}). Single-threaded; a binary heap over fixed arrays, allocated once.
 */
public final class DelayLine implements AutoCloseable {

    /** The most datagrams held at once. */
    public static final int DEFAULT_PACKETS = 4096;
    /** The most bytes held at once: 8 MiB. */
    public static final long DEFAULT_BYTES = 8L << 20;

    private final ByteBufAllocator allocator;
    private final StackCounters counters;
    private final long maxBytes;
    private final ByteBuf[] packets;
    private final Answer[] kinds;
    private final DatagramOutput[] outputs;
    private final long[] sendAt;
    /** The order in which slots were filled: ties of {@link #sendAt} leave first in, first out. */
    private final long[] order;
    /** A min-heap of slot numbers by send time, then order. */
    private final int[] heap;
    /** Free slot numbers, a stack. */
    private final int[] free;
    private int size;
    private int freeCount;
    private long bytes;
    private long nextOrder;
    private boolean closed;

    /** A line of {@link #DEFAULT_PACKETS} datagrams and {@link #DEFAULT_BYTES} bytes. */
    public DelayLine(ByteBufAllocator allocator, StackCounters counters) {
        this(allocator, counters, DEFAULT_PACKETS, DEFAULT_BYTES);
    }

    /**
     * @param maxPackets the most datagrams held at once, 1+
     * @param maxBytes the most bytes held at once, 1+
     */
    public DelayLine(ByteBufAllocator allocator, StackCounters counters, int maxPackets, long maxBytes) {
        if (maxPackets < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("delay line of " + maxPackets + " packets, " + maxBytes
                    + " bytes (expected: 1+ each)");
        }
        this.allocator = Objects.requireNonNull(allocator, "allocator");
        this.counters = Objects.requireNonNull(counters, "counters");
        this.maxBytes = maxBytes;
        this.packets = new ByteBuf[maxPackets];
        this.kinds = new Answer[maxPackets];
        this.outputs = new DatagramOutput[maxPackets];
        this.sendAt = new long[maxPackets];
        this.order = new long[maxPackets];
        this.heap = new int[maxPackets];
        this.free = new int[maxPackets];
        for (int i = 0; i < maxPackets; i++) {
            free[i] = maxPackets - 1 - i;
        }
        this.freeCount = maxPackets;
    }

    /**
     * Holds a copy of the readable bytes of {@code datagram} (borrowed) until {@code sendAtNanos}, to leave through
     * {@code output} as {@code kind}.
     *
     * @return {@code false}, holding nothing, when the line is full (by packets or bytes)
     */
    public boolean hold(ByteBuf datagram, long sendAtNanos, Answer kind, DatagramOutput output) {
        if (closed) {
            throw new IllegalStateException("delay line closed");
        }
        int length = datagram.readableBytes();
        if (freeCount == 0 || bytes + length > maxBytes) {
            return false;
        }
        ByteBuf copy = allocator.buffer(length, length);
        copy.writeBytes(datagram, datagram.readerIndex(), length);
        int slot = free[--freeCount];
        packets[slot] = copy;
        kinds[slot] = kind;
        outputs[slot] = output;
        sendAt[slot] = sendAtNanos;
        order[slot] = nextOrder++;
        bytes += length;
        heap[size] = slot;
        siftUp(size++);
        return true;
    }

    /** How many datagrams are held now. */
    public int held() {
        return size;
    }

    /** How many bytes are held now. */
    public long heldBytes() {
        return bytes;
    }

    /** The {@link System#nanoTime()} at which the earliest held answer is due, or {@link Long#MAX_VALUE}. */
    public long nextDeadline() {
        return size == 0 ? Long.MAX_VALUE : sendAt[heap[0]];
    }

    /** Sends, in the order of their send times, every held answer due at {@code nowNanos}, through {@code tx}. */
    public void poll(long nowNanos, Transmitter tx) {
        while (size > 0 && nowNanos - sendAt[heap[0]] >= 0) {
            int slot = removeFirst();
            ByteBuf packet = packets[slot];
            Answer kind = kinds[slot];
            DatagramOutput output = outputs[slot];
            release(slot);
            try {
                output.send(packet, kind, tx);
            } finally {
                packet.release();
            }
        }
    }

    /** Discards every held answer, counting each as {@link StackEvent#DELAYED_ANSWER_DISCARDED}. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        while (size > 0) {
            int slot = removeFirst();
            ByteBuf packet = packets[slot];
            release(slot);
            packet.release();
            counters.countEvent(StackEvent.DELAYED_ANSWER_DISCARDED);
        }
    }

    /** Frees a slot taken off the heap. */
    private void release(int slot) {
        bytes -= packets[slot].readableBytes();
        packets[slot] = null;
        kinds[slot] = null;
        outputs[slot] = null;
        free[freeCount++] = slot;
    }

    private int removeFirst() {
        int first = heap[0];
        heap[0] = heap[--size];
        if (size > 0) {
            siftDown(0);
        }
        return first;
    }

    /** Whether slot a leaves before slot b; send times are nanoTime values, compared as differences. */
    private boolean before(int a, int b) {
        long difference = sendAt[a] - sendAt[b];
        return difference < 0 || difference == 0 && order[a] < order[b];
    }

    private void siftUp(int index) {
        int slot = heap[index];
        while (index > 0) {
            int parent = (index - 1) >>> 1;
            if (!before(slot, heap[parent])) {
                break;
            }
            heap[index] = heap[parent];
            index = parent;
        }
        heap[index] = slot;
    }

    private void siftDown(int index) {
        int slot = heap[index];
        while (true) {
            int child = 2 * index + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && before(heap[child + 1], heap[child])) {
                child++;
            }
            if (!before(heap[child], slot)) {
                break;
            }
            heap[index] = heap[child];
            index = child;
        }
        heap[index] = slot;
    }
}
