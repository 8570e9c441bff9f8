package io.tunstack.it.hostlike;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.it.support.CommandResult;
import io.tunstack.it.support.MetricsScrape;
import io.tunstack.it.support.NamespaceFixture;
import io.tunstack.it.support.Prerequisites;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * tunstack with {@code --open 22/tcp,53/udp}: TCP port 22 completes the handshake and tunstack closes the connection
 * at once, in order, so {@code nc -z} succeeds and a client that reads sees end of stream; UDP port 53 takes datagrams
 * silently, which nmap calls open|filtered. Every other port stays closed.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class OpenPortsIT {

    private static final int METRICS_PORT = 9464;

    @RegisterExtension
    static final NamespaceFixture fixture = NamespaceFixture.named("open-ports")
        .requiring(() -> Prerequisites.requireCommands("nmap", "nc", "curl"))
        .withTunstack("--quiet", "--open", "22/tcp,53/udp", "--metrics", Integer.toString(METRICS_PORT));

    @ParameterizedTest
    @EnumSource(Family.class)
    void nmapSynScanSaysOpenForTheOpenPortOnly(Family family) {
        assertEquals(Map.of("22/tcp", "open", "80/tcp", "closed"),
            Nmap.scan(fixture.namespace(), family, "-sS", "22,80"));
    }

    /** nmap cannot tell a silent open port from a filtered one: "open|filtered", as for a DNS server that ignores it. */
    @ParameterizedTest
    @EnumSource(Family.class)
    void nmapUdpScanSaysOpenOrFilteredForTheOpenPort(Family family) {
        assertEquals(Map.of("53/udp", "open|filtered", "54/udp", "closed"),
            Nmap.scan(fixture.namespace(), family, "-sU", "53,54"));
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void ncZeroIoScanSucceeds(Family family) {
        CommandResult result = fixture.namespace().run(Duration.ofSeconds(30), "nc", family.flag, "-z", "-v", "-w",
            "5", family.answered, "22");
        assertEquals(0, result.exitCode(), result.describe());
        assertTrue(result.output().contains("succeeded"), result.describe());
    }

    /**
     * nc connects, sends nothing (its input is /dev/null) and reads: tunstack's FIN right after the handshake is the
     * end of the stream, so nc exits by itself, before its 5-second idle timeout, having read nothing.
     */
    @ParameterizedTest
    @EnumSource(Family.class)
    void ncReadsEndOfStreamAtOnce(Family family) {
        long start = System.nanoTime();
        CommandResult result = fixture.namespace().run(Duration.ofSeconds(30), "nc", family.flag, "-w", "5",
            family.answered, "22");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(0, result.exitCode(), result.describe());
        assertEquals("", result.output(), "nothing to read but the end of the stream");
        assertTrue(took.compareTo(Duration.ofSeconds(4)) < 0, () -> "nc took " + took + ": the FIN did not end it");
    }

    /** After the clients above, the connections they made were accepted and closed in order, and counted so. */
    @Test
    void everyAcceptedConnectionIsCountedAndClosed() throws Exception {
        for (Family family : Family.values()) {
            ncZeroIoScanSucceeds(family);
        }
        String metrics = MetricsScrape.until(fixture.namespace(), MetricsScrape.url(METRICS_PORT),
            text -> MetricsScrape.sampleOrZero(text, "tunstack_events_total{event=\"tcp-connection-closed\"}")
                >= MetricsScrape.sampleOrZero(text, "tunstack_events_total{event=\"tcp-connection-accepted\"}"));
        long accepted = MetricsScrape.sample(metrics, "tunstack_events_total{event=\"tcp-connection-accepted\"}");
        assertTrue(accepted >= 2, metrics);
        assertEquals(accepted, MetricsScrape.sample(metrics, "tunstack_events_total{event=\"tcp-connection-closed\"}"),
            "every accepted connection was closed in order\n" + metrics);
        assertTrue(MetricsScrape.sample(metrics,
            "tunstack_packets_sent_total{protocol=\"tcp\",answer=\"tcp-syn-ack\"}") >= accepted, metrics);
    }
}
