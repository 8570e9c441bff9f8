package io.tunstack.app.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.stack.verdict.DropReason;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MetricsTextTest {

    /** A sample line: a metric name, optional labels, a value (the text format's grammar, without timestamps). */
    private static final Pattern SAMPLE = Pattern.compile(
            "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[a-zA-Z_][a-zA-Z0-9_]*=\"[^\"\\\\\\n]*\"(,[a-zA-Z_][a-zA-Z0-9_]*=\"[^\"\\\\\\n]*\")*\\})? -?[0-9.]+");

    private static CounterSnapshot snapshot() {
        Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
        for (DropReason reason : DropReason.values()) {
            drops.put(reason, 0L);
        }
        drops.put(DropReason.ICMP_BAD_CHECKSUM, 1L);
        TreeMap<Integer, Long> sent = new TreeMap<>(Map.of(0, 4L, 3, 2L));
        return new CounterSnapshot(9, 6, sent, drops, 1);
    }

    @Test
    void prometheusTextHasTheCountersWithHelpAndType() {
        String text = MetricsText.render(snapshot(), Duration.ofMillis(12_345), false);
        assertTrue(text.startsWith("# HELP tunstack_packets_read_total Packets read from the TUN device.\n"
                + "# TYPE tunstack_packets_read_total counter\n"
                + "tunstack_packets_read_total 9\n"
                + "# HELP tunstack_packets_written_total Packets written to the TUN device.\n"
                + "# TYPE tunstack_packets_written_total counter\n"
                + "tunstack_packets_written_total 6\n"), text);
        assertTrue(text.contains("tunstack_icmp_sent_total{type=\"0\",name=\"echo-reply\"} 4\n"
                + "tunstack_icmp_sent_total{type=\"3\",name=\"destination-unreachable\"} 2\n"), text);
        assertTrue(text.contains("tunstack_drops_total{reason=\"icmp-bad-checksum\"} 1\n"), text);
        assertTrue(text.contains("tunstack_drops_total{reason=\"not-ip\"} 0\n"), "every reason, also at 0");
        assertTrue(text.contains("tunstack_device_errors_total 1\n"), text);
        assertTrue(text.endsWith("# TYPE tunstack_uptime_seconds gauge\ntunstack_uptime_seconds 12.345\n"), text);
        assertWellFormed(text);
    }

    @Test
    void openMetricsNamesCounterFamiliesWithoutTotalAndEndsWithEof() {
        String text = MetricsText.render(snapshot(), Duration.ofSeconds(1), true);
        assertTrue(text.contains("# TYPE tunstack_packets_read counter\ntunstack_packets_read_total 9\n"), text);
        assertTrue(text.contains("# TYPE tunstack_drops counter\n"), text);
        assertTrue(text.endsWith("tunstack_uptime_seconds 1.000\n# EOF\n"), text);
        assertWellFormed(text.substring(0, text.length() - "# EOF\n".length()));
    }

    @Test
    void echoRepliesAreExposedBeforeTheFirstOne() {
        CounterSnapshot idle = new CounterSnapshot(0, 0, new TreeMap<>(), new EnumMap<>(DropReason.class), 0);
        String text = MetricsText.render(idle, Duration.ZERO, false);
        assertTrue(text.contains("tunstack_icmp_sent_total{type=\"0\",name=\"echo-reply\"} 0\n"), text);
    }

    /** Every line is a comment (# HELP or # TYPE) or a sample, and every family is declared before its samples. */
    private static void assertWellFormed(String text) {
        String declared = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                declared = line.split(" ")[2];
            } else if (!line.startsWith("# HELP ")) {
                assertTrue(SAMPLE.matcher(line).matches(), "not a sample line: " + line);
                String family = declared;
                assertTrue(family != null && line.startsWith(family), () -> line + " not under # TYPE " + family);
            }
        }
        assertEquals('\n', text.charAt(text.length() - 1), "ends with a newline");
    }
}
