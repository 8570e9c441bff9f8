package io.tunstack.app;

import io.tunstack.app.hosts.HostAssignment;
import io.tunstack.app.hosts.HostProfiles;
import io.tunstack.app.observe.Counted;
import io.tunstack.app.observe.CounterSnapshot;
import io.tunstack.app.observe.CounterSource;
import io.tunstack.app.observe.QueueCounters;
import io.tunstack.stack.profile.HostProfile;
import io.tunstack.stack.profile.ProfileCounters.Effect;
import io.tunstack.stack.verdict.Answer;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.verdict.StackEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The totals of every queue at one moment: what the counters line ({@code kill -USR1}) and the exit summary show, from
 * the same {@link CounterSnapshot} as the status line and the metrics.
 *
 * <p>The first line has a fixed shape that scripts and tests may parse, and adds up (read = answered + dropped +
 * held): {@code 12 packets read: 10 answered, 1 dropped, 1 held; 11 packets written, 0 device errors}. The exit
 * summary adds one line per answer and per drop reason that occurred ({@code   10 answered icmpv4-echo-reply: ICMP
 * echo reply}, {@code   1 dropped icmp-bad-checksum: ICMP checksum does not verify}), the held fragments, what was sent
 * by kind, the ICMP errors the rate limits kept back, one line per event of the TCP connections to open ports
 * ({@code   3 tcp-connection-accepted: TCP connection accepted (and closed at once by tunstack)}), one line per host
 * profile with what it did ({@code   profile slow (delay 200ms): 20 matched, 20 delayed}), and with more than one
 * queue, one counts line per queue.
 */
final class Summary {

    private final CounterSnapshot total;
    /** One snapshot per queue when there is more than one, else empty. */
    private final List<CounterSnapshot> queues;
    /** One line per host profile. */
    private final List<String> profiles;

    private Summary(CounterSnapshot total, List<CounterSnapshot> queues, List<String> profiles) {
        this.total = total;
        this.queues = queues;
        this.profiles = profiles;
    }

    /** Adds up the queues of {@code source} now; any thread. */
    static Summary of(CounterSource source) {
        return of(source, null);
    }

    /** Adds up the queues of {@code source} and what each profile of {@code hostProfiles} (or none) did. */
    static Summary of(CounterSource source, HostProfiles hostProfiles) {
        List<QueueCounters> queueCounters = source.queues();
        List<CounterSnapshot> queues = new ArrayList<>();
        if (queueCounters.size() > 1) {
            for (QueueCounters queue : queueCounters) {
                queues.add(CounterSnapshot.of(queue));
            }
        }
        List<String> profiles = new ArrayList<>();
        if (hostProfiles != null) {
            for (Map.Entry<String, long[]> profile : hostProfiles.counts().entrySet()) {
                profiles.add(profileLine(profile.getKey(), hostProfiles.profileNamed(profile.getKey()),
                        profile.getValue()));
            }
        }
        return new Summary(CounterSnapshot.total(queueCounters), List.copyOf(queues), List.copyOf(profiles));
    }

    /** {@code   profile slow (delay 200ms): 20 matched, 20 delayed}: the effects that happened. */
    static String profileLine(String name, HostProfile profile, long[] counts) {
        StringJoiner effects = new StringJoiner(", ");
        for (Effect effect : Effect.values()) {
            if (counts[effect.ordinal()] > 0 || effect == Effect.MATCHED) {
                effects.add(counts[effect.ordinal()] + " " + effect.label());
            }
        }
        return "  profile " + (profile == null ? name : HostAssignment.describe(name, profile)) + ": " + effects;
    }

    /** The totals. */
    CounterSnapshot total() {
        return total;
    }

    /** The totals in one line. */
    String countsLine() {
        return countsLine(total);
    }

    private static String countsLine(CounterSnapshot counts) {
        return Counted.of(counts.read(), "packet", "packets") + " read: "
                + counts.answered() + " answered, "
                + counts.dropped() + " dropped, "
                + counts.held() + " held; "
                + Counted.of(counts.written(), "packet", "packets") + " written, "
                + Counted.of(counts.deviceErrors(), "device error", "device errors");
    }

    /**
     * The counts line, then one indented line per answer and per drop reason with a non-zero count, the held
     * fragments, what was sent, the rate-limited errors, and one counts line per queue if there are several.
     */
    List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add(countsLine());
        for (Answer answer : Answer.values()) {
            long count = total.answered(answer);
            if (count > 0) {
                lines.add("  " + count + " answered " + answer.label() + ": " + answer.description());
            }
        }
        for (DropReason reason : DropReason.values()) {
            long count = total.dropped(reason);
            if (count > 0) {
                lines.add("  " + count + " dropped " + reason.label() + ": " + reason.description());
            }
        }
        if (total.held() > 0) {
            lines.add(heldLine());
        }
        lines.add(sentLine());
        if (total.rateLimited() > 0) {
            StringJoiner kinds = new StringJoiner(", ");
            for (Answer answer : Answer.values()) {
                if (total.rateLimited(answer) > 0) {
                    kinds.add(Counted.of(total.rateLimited(answer), answer));
                }
            }
            lines.add("  " + Counted.of(total.rateLimited(), "ICMP error", "ICMP errors")
                    + " not sent, over a rate limit (per peer or global): " + kinds);
        }
        for (StackEvent event : StackEvent.values()) {
            long count = total.events(event);
            if (count > 0) {
                lines.add("  " + count + " " + event.label() + ": " + event.description());
            }
        }
        lines.addAll(profiles);
        for (int queue = 0; queue < queues.size(); queue++) {
            lines.add("  queue " + queue + ": " + countsLine(queues.get(queue)));
        }
        return lines;
    }

    /** {@code   3 held for reassembly (2 later discarded: reassembly-timeout 2)}. */
    private String heldLine() {
        StringJoiner discarded = new StringJoiner(", ");
        long discardedTotal = 0;
        for (DropReason reason : DropReason.values()) {
            long count = total.heldDiscarded(reason);
            if (count > 0) {
                discarded.add(reason.label() + " " + count);
                discardedTotal += count;
            }
        }
        String line = "  " + total.held() + " held for reassembly";
        return discardedTotal == 0 ? line : line + " (" + discardedTotal + " later discarded: " + discarded + ")";
    }

    /** {@code   11 packets sent: 10 ICMP echo replies, 1 ICMP destination unreachable}, fragments counted apart. */
    private String sentLine() {
        StringJoiner kinds = new StringJoiner(", ", ": ", "").setEmptyValue("");
        for (Answer answer : Answer.values()) {
            if (total.sent(answer) > 0) {
                kinds.add(Counted.of(total.sent(answer), answer));
            }
        }
        if (total.fragmentsSent() > 0) {
            kinds.add(Counted.of(total.fragmentsSent(), "fragment", "fragments"));
        }
        return "  " + Counted.of(total.sent(), "packet", "packets") + " sent" + kinds;
    }
}
