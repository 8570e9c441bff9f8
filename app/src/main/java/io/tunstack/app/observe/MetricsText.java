package io.tunstack.app.observe;

import io.tunstack.stack.profile.ProfileCounters.Effect;
import io.tunstack.stack.verdict.Answer;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.verdict.StackEvent;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a {@link CounterSnapshot} in the Prometheus text exposition format (version 0.0.4) or in OpenMetrics 1.0
 * text. The two differ in small ways: OpenMetrics names a counter family without its {@code _total} suffix in
 * {@code # TYPE} and {@code # HELP}, and ends the exposition with {@code # EOF}.
 *
 * <pre>
 * # HELP tunstack_packets_read_total Packets read from the device; each is answered, dropped or held.
 * # TYPE tunstack_packets_read_total counter
 * tunstack_packets_read_total 8
 * </pre>
 *
 * <p>Every labelled series is exposed from the first scrape, at 0 until it counts, so that a dashboard sees it. The
 * figures add up as the snapshot's do: {@code packets_read = packets_answered + drops + packets_held}, and what was
 * sent is {@code packets_sent + fragments_sent}, where {@code packets_sent} is labelled by protocol ({@code icmp},
 * {@code icmpv6}, {@code tcp}, and {@code arp} on a TAP device) and answer; {@code icmp_sent} and {@code icmpv6_sent} show the ICMP part by type.
 */
public final class MetricsText {

    /** The content type of the Prometheus text format. */
    public static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** The content type of the OpenMetrics text format. */
    public static final String OPENMETRICS_CONTENT_TYPE =
            "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final boolean openMetrics;
    private final StringBuilder text = new StringBuilder(4096);

    private MetricsText(boolean openMetrics) {
        this.openMetrics = openMetrics;
    }

    /**
     * The exposition of {@code snapshot}.
     *
     * @param openMetrics OpenMetrics text when true, the Prometheus text format when false
     */
    public static String render(CounterSnapshot snapshot, Duration uptime, boolean openMetrics) {
        return render(snapshot, Map.of(), uptime, openMetrics);
    }

    /**
     * The exposition of {@code snapshot} and of what each host profile did ({@link ProfileCountSource#counts()}):
     * {@code tunstack_profile_packets_total{profile="slow",effect="delayed"} 20}, every effect of every profile.
     *
     * @param openMetrics OpenMetrics text when true, the Prometheus text format when false
     */
    public static String render(CounterSnapshot snapshot, Map<String, long[]> profiles, Duration uptime,
            boolean openMetrics) {
        MetricsText metrics = new MetricsText(openMetrics);
        metrics.counter("tunstack_packets_read",
                "Packets read from the device; each is answered, dropped or held, and counted under one of them.")
                .sample("tunstack_packets_read_total", "", snapshot.read());
        metrics.counter("tunstack_packets_answered", "Packets read and answered, by the answer's protocol and kind.");
        for (Answer answer : Answer.values()) {
            if (!answer.isError()) {
                metrics.sample("tunstack_packets_answered_total", byAnswer(answer), snapshot.answered(answer));
            }
        }
        metrics.counter("tunstack_drops", "Packets read and dropped without an answer, by reason.");
        for (DropReason reason : DropReason.values()) {
            metrics.sample("tunstack_drops_total", "reason=\"" + reason.label() + "\"", snapshot.dropped(reason));
        }
        metrics.counter("tunstack_packets_held",
                "Fragments read and held for reassembly; the fragment that completes a datagram is counted by its "
                        + "answer or drop.")
                .sample("tunstack_packets_held_total", "", snapshot.held());
        metrics.counter("tunstack_held_discarded",
                "Held fragments later discarded with their datagram, by reason; they stay counted as held.");
        for (DropReason reason : DropReason.values()) {
            if (isReassemblyReason(reason) || snapshot.heldDiscarded(reason) != 0) {
                metrics.sample("tunstack_held_discarded_total", "reason=\"" + reason.label() + "\"",
                        snapshot.heldDiscarded(reason));
            }
        }

        metrics.counter("tunstack_packets_sent",
                "Whole packets handed to the device, answers and ICMP errors, by protocol and kind; an answer larger "
                        + "than the MTU is counted as fragments instead.");
        for (Answer answer : Answer.values()) {
            metrics.sample("tunstack_packets_sent_total", byAnswer(answer), snapshot.sent(answer));
        }
        metrics.counter("tunstack_icmp_sent",
                "Whole ICMP messages handed to the device, by ICMP type; an answer larger than the MTU is counted "
                        + "as fragments instead.");
        metrics.sentByType(snapshot, "tunstack_icmp_sent_total", Answer.Protocol.ICMP);
        metrics.counter("tunstack_icmpv6_sent",
                "Whole ICMPv6 messages handed to the device, by ICMPv6 type; an answer larger than the MTU is "
                        + "counted as fragments instead.");
        metrics.sentByType(snapshot, "tunstack_icmpv6_sent_total", Answer.Protocol.ICMPV6);
        metrics.counter("tunstack_fragments_sent", "Fragments of answers larger than the MTU handed to the device.")
                .sample("tunstack_fragments_sent_total", "", snapshot.fragmentsSent());
        metrics.counter("tunstack_icmp_errors_rate_limited",
                "ICMP errors not sent because a rate limit refused them (the peer's, or the global one both families share), "
                        + "by protocol and kind.");
        for (Answer answer : Answer.values()) {
            if (answer.isError()) {
                metrics.sample("tunstack_icmp_errors_rate_limited_total", "protocol=\"" + answer.protocol().label()
                        + "\",error=\"" + answer.label() + "\"", snapshot.rateLimited(answer));
            }
        }
        metrics.counter("tunstack_events",
                "What the TCP connections to open ports went through (accepted, closed, reset, retransmissions, table "
                        + "full) and, on a TAP device, the resolution of neighbours' MAC addresses, by event.");
        for (StackEvent event : StackEvent.values()) {
            metrics.sample("tunstack_events_total", "event=\"" + event.label() + "\"", snapshot.events(event));
        }
        metrics.counter("tunstack_packets_written",
                "Packets the device accepted; a failed write is a device error instead.")
                .sample("tunstack_packets_written_total", "", snapshot.written());
        metrics.counter("tunstack_device_errors", "Failed reads and writes on the device.")
                .sample("tunstack_device_errors_total", "", snapshot.deviceErrors());

        if (!profiles.isEmpty()) {
            metrics.counter("tunstack_profile_packets",
                    "Packets to the hosts of each profile, by what the profile did: matched counts every packet, the"
                            + " others what was done to it (one packet may be delayed and duplicated).");
            for (Map.Entry<String, long[]> profile : profiles.entrySet()) {
                for (Effect effect : Effect.values()) {
                    metrics.sample("tunstack_profile_packets_total", "profile=\"" + labelValue(profile.getKey())
                            + "\",effect=\"" + effect.label() + "\"", profile.getValue()[effect.ordinal()]);
                }
            }
        }

        metrics.family("tunstack_uptime_seconds", "gauge", "Seconds since tunstack started.");
        metrics.text.append("tunstack_uptime_seconds ")
                .append(String.format(Locale.ROOT, "%.3f", uptime.toMillis() / 1000.0)).append('\n');

        if (openMetrics) {
            metrics.text.append("# EOF\n");
        }
        return metrics.text.toString();
    }

    /** The labels of a series by answer: {@code protocol="tcp",answer="tcp-rst"}. */
    private static String byAnswer(Answer answer) {
        return "protocol=\"" + answer.protocol().label() + "\",answer=\"" + answer.label() + "\"";
    }

    /** A label value as the text format escapes it: backslash, double quote and line feed. */
    static String labelValue(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** Whether {@code reason} is one of those that can discard held fragments (reassembly's own). */
    private static boolean isReassemblyReason(DropReason reason) {
        return reason.label().startsWith("fragment-") || reason.label().startsWith("reassembly-");
    }

    /**
     * One sample per message of {@code protocol} ({@code ICMP} or {@code ICMPV6}), labelled with its type and its name
     * (the label without the family's prefix: {@code echo-reply}, {@code neighbor-advertisement}).
     */
    private void sentByType(CounterSnapshot snapshot, String sample, Answer.Protocol protocol) {
        for (Answer answer : Answer.values()) {
            if (answer.protocol() == protocol && answer.icmpType() != Answer.NOT_ICMP) {
                String name = answer.label().replaceFirst("^icmpv[46]-", "");
                sample(sample, "type=\"" + answer.icmpType() + "\",name=\"" + name + "\"", snapshot.sent(answer));
            }
        }
    }

    private MetricsText counter(String family, String help) {
        return family(openMetrics ? family : family + "_total", "counter", help);
    }

    private MetricsText family(String name, String type, String help) {
        text.append("# HELP ").append(name).append(' ').append(help).append('\n');
        text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    private MetricsText sample(String name, String labels, long value) {
        text.append(name);
        if (!labels.isEmpty()) {
            text.append('{').append(labels).append('}');
        }
        text.append(' ').append(value).append('\n');
        return this;
    }
}
