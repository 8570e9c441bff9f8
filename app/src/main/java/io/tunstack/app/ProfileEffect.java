package io.tunstack.app;

import io.tunstack.app.hosts.HostAssignment;
import io.tunstack.stack.profile.HostBehaviour;
import io.tunstack.stack.profile.ProfileTable;
import io.tunstack.stack.verdict.Verdict;
import java.util.Locale;

/**
 * What a host profile did to one packet, in words for {@code --trace}: the profile's name and words, then what the
 * verdict does not say already, {@code profile slow (delay 50ms 10ms): held 53.2 ms, sent twice}. A drop (lost, down,
 * unreachable, expired on the way, rate limited) is the verdict's own reason.
 */
final class ProfileEffect {

    private ProfileEffect() {
    }

    /**
     * The words for the packet the stack received last, or {@code null} when no profile applied to it.
     *
     * @param effects the stack's record of it ({@link io.tunstack.stack.NetworkStack#profileEffects()})
     * @param verdict what the stack returned for it
     */
    static String describe(HostBehaviour effects, Verdict verdict) {
        ProfileTable.Entry entry = effects.lastEntry();
        if (entry == null) {
            return null;
        }
        StringBuilder text = new StringBuilder("profile ")
                .append(HostAssignment.describe(entry.name(), entry.profile()));
        if (verdict.isAnswered()) {
            String separator = ": ";
            if (effects.lastDelayNanos() > 0) {
                text.append(separator).append("held ")
                        .append(String.format(Locale.ROOT, "%.1f", effects.lastDelayNanos() / 1e6)).append(" ms");
                separator = ", ";
            }
            if (effects.lastDuplicated()) {
                text.append(separator).append("sent twice");
            }
        }
        return text.toString();
    }
}
