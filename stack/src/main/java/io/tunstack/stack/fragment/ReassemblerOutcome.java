package io.tunstack.stack.fragment;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.verdict.DropReason;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link Reassembler#offer} did with one fragment: held it, dropped it (with a reason), or completed a datagram.
 *
 * <p>Ownership: a completed outcome's {@link #datagram()} is a new buffer owned by the caller, who must release it.
 * Held and dropped outcomes are shared constants and carry no buffer: returning them allocates nothing.
 */
public final class ReassemblerOutcome {

    private static final ReassemblerOutcome HELD = new ReassemblerOutcome(null, null);
    private static final Map<DropReason, ReassemblerOutcome> DROPPED = new EnumMap<>(DropReason.class);

    static {
        for (DropReason reason : DropReason.values()) {
            DROPPED.put(reason, new ReassemblerOutcome(reason, null));
        }
    }

    private final DropReason dropReason;
    private final ByteBuf datagram;

    private ReassemblerOutcome(DropReason dropReason, ByteBuf datagram) {
        this.dropReason = dropReason;
        this.datagram = datagram;
    }

    static ReassemblerOutcome held() {
        return HELD;
    }

    static ReassemblerOutcome dropped(DropReason reason) {
        return DROPPED.get(Objects.requireNonNull(reason, "reason"));
    }

    static ReassemblerOutcome completed(ByteBuf datagram) {
        return new ReassemblerOutcome(null, Objects.requireNonNull(datagram, "datagram"));
    }

    /** Whether the fragment was kept, waiting for the rest of its datagram. */
    public boolean isHeld() {
        return this == HELD;
    }

    /** Whether the fragment completed its datagram, now in {@link #datagram()}. */
    public boolean isCompleted() {
        return datagram != null;
    }

    /** Why the fragment was dropped, or {@code null} when it was held or completed its datagram. */
    public DropReason dropReason() {
        return dropReason;
    }

    /**
     * The reassembled datagram, or {@code null} unless {@link #isCompleted()}: a complete packet of the family, as if
     * it had never been fragmented (the family's {@link FragmentFamily#rebuildHeaders} says what that means), in a new
     * buffer that the caller owns and must release.
     */
    public ByteBuf datagram() {
        return datagram;
    }

    @Override
    public String toString() {
        if (isCompleted()) {
            return "completed(" + datagram.readableBytes() + " bytes)";
        }
        return isHeld() ? "held" : "dropped(" + dropReason.label() + ")";
    }
}
