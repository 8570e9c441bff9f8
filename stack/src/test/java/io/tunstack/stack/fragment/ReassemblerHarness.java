package io.tunstack.stack.fragment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.verdict.StackCounters;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Reassembler} under test with what every reassembly test needs around it: an allocator that tracks every
 * copy, counters for the drops of held fragments, a descriptor filled the way the family's layer fills it, and the
 * offered buffers, which the test owns and which {@link #close()} releases and checks.
 */
public final class ReassemblerHarness implements AutoCloseable {

    /** Fills a descriptor from a packet at its reader index, as the family's network layer does. */
    @FunctionalInterface
    public interface Describer {
        FragmentDescriptor describe(ByteBuf packet, FragmentDescriptor into);
    }

    private final ReassemblerTestAllocator allocator = new ReassemblerTestAllocator();
    private final StackCounters counters = new StackCounters();
    private final List<ByteBuf> offered = new ArrayList<>();
    private final FragmentDescriptor descriptor = new FragmentDescriptor();
    private final Describer describer;
    private final Reassembler reassembler;

    public ReassemblerHarness(FragmentFamily family, ReassemblerLimits limits, Describer describer) {
        this.describer = describer;
        this.reassembler = new Reassembler(family, limits, allocator, counters::countHeldDiscarded);
    }

    public Reassembler reassembler() {
        return reassembler;
    }

    public StackCounters counters() {
        return counters;
    }

    public ReassemblerTestAllocator allocator() {
        return allocator;
    }

    /** Describes {@code packet} into the harness's descriptor. */
    public FragmentDescriptor describe(ByteBuf packet) {
        return describer.describe(packet, descriptor);
    }

    /** Takes ownership of {@code buffer} for the test: {@link #close()} releases it. */
    public ByteBuf keep(ByteBuf buffer) {
        offered.add(buffer);
        return buffer;
    }

    /**
     * Offers a buffer that the harness then owns, and checks that the reassembler borrowed it: indices untouched, not
     * released.
     */
    public ReassemblerOutcome offer(ByteBuf fragment, long nowNanos) {
        keep(fragment);
        int readerIndex = fragment.readerIndex();
        int writerIndex = fragment.writerIndex();
        ReassemblerOutcome outcome = reassembler.offer(fragment, describe(fragment), nowNanos);
        assertEquals(readerIndex, fragment.readerIndex(), "the fragment's indices are left alone");
        assertEquals(writerIndex, fragment.writerIndex(), "the fragment's indices are left alone");
        assertEquals(1, fragment.refCnt(), "the fragment is borrowed, never released");
        return outcome;
    }

    /** Releases the buffers offered so far (a long test does it along the way). */
    public void releaseOffered() {
        for (ByteBuf buffer : offered) {
            buffer.release();
            assertEquals(0, buffer.refCnt());
        }
        offered.clear();
    }

    /** Closes the reassembler, releases the offered buffers, and fails unless every copy was released. */
    @Override
    public void close() {
        reassembler.close();
        releaseOffered();
        allocator.assertAllReleased();
    }
}
