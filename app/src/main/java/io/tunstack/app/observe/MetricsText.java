package io.tunstack.app.observe;

import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.wire.Icmpv4Type;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a {@link CounterSnapshot} in the Prometheus text exposition format (version 0.0.4) or in OpenMetrics 1.0
 * text. The two differ in small ways: OpenMetrics names a counter family without its {@code _total} suffix in
 * {@code # TYPE} and {@code # HELP}, and ends the exposition with {@code # EOF}.
 *
 * <pre>
 * # HELP tunstack_packets_read_total Packets read from the TUN device.
 * # TYPE tunstack_packets_read_total counter
 * tunstack_packets_read_total 8
 * </pre>
 */
public final class MetricsText {

    /** The content type of the Prometheus text format. */
    public static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** The content type of the OpenMetrics text format. */
    public static final String OPENMETRICS_CONTENT_TYPE =
            "application/openmetrics-text; version=1.0.0; charset=utf-8";

    /** Always exposed, even at 0, so that a dashboard sees the series from the first scrape. */
    private static final int ECHO_REPLY = 0;

    private final boolean openMetrics;
    private final StringBuilder text = new StringBuilder(2048);

    private MetricsText(boolean openMetrics) {
        this.openMetrics = openMetrics;
    }

    /**
     * The exposition of {@code snapshot}.
     *
     * @param openMetrics OpenMetrics text when true, the Prometheus text format when false
     */
    public static String render(CounterSnapshot snapshot, Duration uptime, boolean openMetrics) {
        MetricsText metrics = new MetricsText(openMetrics);
        metrics.counter("tunstack_packets_read", "Packets read from the TUN device.")
                .sample("tunstack_packets_read_total", "", snapshot.read());
        metrics.counter("tunstack_packets_written", "Packets written to the TUN device.")
                .sample("tunstack_packets_written_total", "", snapshot.written());

        metrics.counter("tunstack_icmp_sent", "ICMP messages sent, by ICMP type.");
        Map<Integer, Long> sent = new java.util.TreeMap<>(snapshot.icmpSentByType());
        sent.putIfAbsent(ECHO_REPLY, 0L);
        sent.forEach((type, count) -> metrics.sample("tunstack_icmp_sent_total",
                "type=\"" + type + "\",name=\"" + Icmpv4Type.name(type) + "\"", count));

        metrics.counter("tunstack_drops", "Packets dropped without an answer, by reason.");
        for (Map.Entry<DropReason, Long> drop : snapshot.dropsByReason().entrySet()) {
            metrics.sample("tunstack_drops_total", "reason=\"" + drop.getKey().label() + "\"", drop.getValue());
        }

        metrics.counter("tunstack_device_errors", "Failed reads and writes on the TUN device.")
                .sample("tunstack_device_errors_total", "", snapshot.deviceErrors());

        metrics.family("tunstack_uptime_seconds", "gauge", "Seconds since tunstack started.");
        metrics.text.append("tunstack_uptime_seconds ")
                .append(String.format(Locale.ROOT, "%.3f", uptime.toMillis() / 1000.0)).append('\n');

        if (openMetrics) {
            metrics.text.append("# EOF\n");
        }
        return metrics.text.toString();
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
