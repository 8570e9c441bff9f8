package io.tunstack.stack.verdict;

import java.util.Objects;

/**
 * What the stack did with one received packet: answered it (and with what), held it (a fragment waiting for the rest
 * of its datagram), or dropped it (and why). Layers return a verdict instead of {@code null} or an exception, and one
 * place counts it ({@link StackCounters#count(Verdict)}), so that nobody re-reads bytes to learn what another class
 * decided.
 *
 * <p>Verdicts are interned: {@link #answered}, {@link #dropped} and {@link #HELD} return shared instances, so the
 * packet path allocates nothing, and verdicts can be compared with {@code ==}.
 */
public final class Verdict {

    /** The three outcomes. */
    public enum Kind {
        /** An answer was built and handed to the transmitter. */
        ANSWERED,
        /** A fragment was kept for reassembly; the datagram's verdict comes with its last fragment. */
        HELD,
        /** No answer; {@link #reason()} says why (an ICMP error may still have been sent about it). */
        DROPPED
    }

    /** A fragment kept for reassembly. */
    public static final Verdict HELD = new Verdict(Kind.HELD, null, null);

    private static final Verdict[] ANSWERED = new Verdict[Answer.values().length];
    private static final Verdict[] DROPPED = new Verdict[DropReason.values().length];

    static {
        for (Answer answer : Answer.values()) {
            ANSWERED[answer.ordinal()] = new Verdict(Kind.ANSWERED, answer, null);
        }
        for (DropReason reason : DropReason.values()) {
            DROPPED[reason.ordinal()] = new Verdict(Kind.DROPPED, null, reason);
        }
    }

    private final Kind kind;
    private final Answer answer;
    private final DropReason reason;

    private Verdict(Kind kind, Answer answer, DropReason reason) {
        this.kind = kind;
        this.answer = answer;
        this.reason = reason;
    }

    /** The packet was answered with {@code answer}. */
    public static Verdict answered(Answer answer) {
        return ANSWERED[answer.ordinal()];
    }

    /** The packet was dropped for {@code reason}. */
    public static Verdict dropped(DropReason reason) {
        return DROPPED[Objects.requireNonNull(reason, "reason").ordinal()];
    }

    public Kind kind() {
        return kind;
    }

    public boolean isAnswered() {
        return kind == Kind.ANSWERED;
    }

    public boolean isHeld() {
        return kind == Kind.HELD;
    }

    public boolean isDropped() {
        return kind == Kind.DROPPED;
    }

    /** What the answer was; {@code null} unless {@linkplain #isAnswered() answered}. */
    public Answer answer() {
        return answer;
    }

    /** Why the packet was dropped; {@code null} unless {@linkplain #isDropped() dropped}. */
    public DropReason reason() {
        return reason;
    }

    /** {@code answered: icmpv4-echo-reply}, {@code held}, {@code dropped: bad-header-checksum}. */
    @Override
    public String toString() {
        switch (kind) {
            case ANSWERED:
                return "answered: " + answer.label();
            case HELD:
                return "held";
            default:
                return "dropped: " + reason.label();
        }
    }
}
