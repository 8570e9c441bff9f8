package io.tunstack.app.observe;

import io.tunstack.stack.verdict.DropReason;
import java.util.Objects;

/** What became of one packet read from the device: answered, accepted without an answer, or dropped and why. */
public final class Verdict {

    private static final Verdict ANSWERED = new Verdict(null, true);
    private static final Verdict NO_ANSWER = new Verdict(null, false);

    private final DropReason dropReason;
    private final boolean answered;

    private Verdict(DropReason dropReason, boolean answered) {
        this.dropReason = dropReason;
        this.answered = answered;
    }

    /** The stack wrote at least one packet in answer. */
    public static Verdict answered() {
        return ANSWERED;
    }

    /** The stack accepted the packet but wrote nothing (yet), for example a fragment held for reassembly. */
    public static Verdict noAnswer() {
        return NO_ANSWER;
    }

    /** The stack dropped the packet. */
    public static Verdict dropped(DropReason reason) {
        return new Verdict(Objects.requireNonNull(reason, "reason"), false);
    }

    /** The drop reason, or {@code null} when the packet was not dropped. */
    public DropReason dropReason() {
        return dropReason;
    }

    /** Short text for trace lines and capture comments: {@code answered}, {@code dropped: bad-icmp-checksum}. */
    @Override
    public String toString() {
        if (dropReason != null) {
            return "dropped: " + dropReason.label();
        }
        return answered ? "answered" : "no answer";
    }
}
