package io.tunstack.it.observe;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.it.support.CommandResult;
import io.tunstack.it.support.NamespaceFixture;
import io.tunstack.it.support.NetworkNamespace;
import io.tunstack.it.support.Ping;
import io.tunstack.it.support.PingResult;
import io.tunstack.it.support.Prerequisites;
import io.tunstack.it.support.TunstackProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The observing options of the real program: 4 pings, and one echo request with a broken ICMP checksum, seen through
 * the capture file ({@code tcpdump -r}, {@code tshark -r}), the trace lines and the metrics endpoint.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ObserveIT {

    private static final String KERNEL = "172.21.22.23";
    private static final String ANSWERED = "172.21.22.26";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final String METRICS_URL = "http://127.0.0.1:9464/metrics";

    /**
     * Sends one echo request (id 0x7a7a = 31354, seq 1, 8 data bytes) whose ICMP checksum is 0xdead instead of the
     * correct value, through a raw socket: the kernel adds a correct IP header and routes it into tun0.
     */
    private static final String SEND_BAD_CHECKSUM = "import socket\n"
            + "s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)\n"
            + "s.sendto(bytes.fromhex('0800dead7a7a00010011223344556677'), ('" + ANSWERED + "', 0))\n";

    @RegisterExtension
    static final NamespaceFixture fixture = NamespaceFixture.named("observe")
            .requiring(() -> Prerequisites.requireCommands("tcpdump", "tshark", "curl", "python3"))
            // No router solicitations or MLD reports: every packet on tun0 is one the test sent.
            .configuring(NetworkNamespace::disableIpv6);

    @TempDir
    Path dir;

    @Test
    void pcapHoldsFourRequestsAndFourRepliesAndTraceShowsThem() throws Exception {
        Path capture = dir.resolve("ping.pcapng");
        try (TunstackProcess tunstack = TunstackProcess.startReady(fixture.namespace(), "--quiet", "--trace",
                "--pcap", capture.toString())) {
            PingResult ping = Ping.run(fixture.namespace(), "-c", "4", "-i", "0.2", "-W", "2", ANSWERED);
            assertEquals(4, ping.received(), ping.output());

            assertEquals(0, tunstack.stop("TERM"), tunstack.output());
            int id = echoId(tunstack.output());
            for (int seq = 1; seq <= 4; seq++) {
                String request = "In  IP " + KERNEL + " > " + ANSWERED + ": ICMP echo request, id " + id + ", seq "
                        + seq + ", length 64 [answered: icmpv4-echo-reply]";
                String reply = "Out IP " + ANSWERED + " > " + KERNEL + ": ICMP echo reply, id " + id + ", seq "
                        + seq + ", length 64";
                assertTrue(tunstack.output().contains(request), () -> "no '" + request + "' in " + tunstack.output());
                assertTrue(tunstack.output().contains(reply), () -> "no '" + reply + "' in " + tunstack.output());
            }

            List<String> packets = tcpdump(capture);
            assertEquals(8, packets.size(), () -> String.join("\n", packets));
            for (int seq = 1; seq <= 4; seq++) {
                int request = 2 * (seq - 1);
                assertEquals("IP " + KERNEL + " > " + ANSWERED + ": ICMP echo request, id " + id + ", seq " + seq
                        + ", length 64", packets.get(request));
                assertEquals("IP " + ANSWERED + " > " + KERNEL + ": ICMP echo reply, id " + id + ", seq " + seq
                        + ", length 64", packets.get(request + 1));
            }
            CommandResult tshark = fixture.namespace().runOrFail("tshark", "-r", capture.toString());
            assertEquals(8, tshark.output().lines().filter(line -> line.contains("Echo (ping)")).count(),
                    tshark.output());
        }
    }

    @Test
    void metricsCountThePingsAndTheBadChecksumAndTheCaptureNamesTheDrop() throws Exception {
        Path capture = dir.resolve("bad.pcapng");
        try (TunstackProcess tunstack = TunstackProcess.startReady(fixture.namespace(), "--quiet", "--metrics", "9464",
                "--pcap", capture.toString())) {
            PingResult ping = Ping.run(fixture.namespace(), "-c", "4", "-i", "0.2", "-W", "2", ANSWERED);
            assertEquals(4, ping.received(), ping.output());
            fixture.namespace().runOrFail("python3", "-c", SEND_BAD_CHECKSUM);

            String metrics = scrapeUntil("tunstack_drops_total{reason=\"icmp-bad-checksum\"} 1");
            assertAll(
                    () -> assertEquals(5, sample(metrics, "tunstack_packets_read_total"), metrics),
                    () -> assertEquals(4, sample(metrics, "tunstack_packets_written_total"), metrics),
                    () -> assertEquals(4, sample(metrics, "tunstack_icmp_sent_total{type=\"0\",name=\"echo-reply\"}"),
                            metrics),
                    () -> assertEquals(4, sample(metrics,
                            "tunstack_packets_answered_total{answer=\"icmpv4-echo-reply\"}"), metrics),
                    () -> assertEquals(1, sample(metrics, "tunstack_drops_total{reason=\"icmp-bad-checksum\"}"),
                            metrics),
                    () -> assertEquals(0, sample(metrics, "tunstack_device_errors_total"), metrics),
                    () -> assertTrue(metrics.contains("\ntunstack_uptime_seconds "), metrics));

            assertEquals(0, tunstack.stop("TERM"), tunstack.output());
            List<String> packets = tcpdump(capture);
            assertEquals(9, packets.size(), () -> String.join("\n", packets));
            assertEquals("IP " + KERNEL + " > " + ANSWERED + ": ICMP echo request, id 31354, seq 1, length 16",
                    packets.get(8));
            CommandResult tshark = fixture.namespace().runOrFail("tshark", "-r", capture.toString(), "-V");
            assertTrue(tshark.output().contains("tunstack: dropped: icmp-bad-checksum"), tshark.output());
        }
    }

    /** The summaries {@code tcpdump -nr FILE} prints, timestamps cut off; fails unless it read the file cleanly. */
    private static List<String> tcpdump(Path capture) throws IOException {
        assertTrue(Files.size(capture) > 0, "empty capture " + capture);
        CommandResult result = fixture.namespace().runOrFail("tcpdump", "-nr", capture.toString());
        return result.output().lines()
                .filter(line -> !line.startsWith("reading from file"))
                .map(line -> line.substring(line.indexOf(' ') + 1))
                .toList();
    }

    /** The ICMP identifier ping chose, from the first trace line. */
    private static int echoId(String output) {
        Matcher m = Pattern.compile("ICMP echo request, id (\\d+), seq 1,").matcher(output);
        assertTrue(m.find(), output);
        return Integer.parseInt(m.group(1));
    }

    /** Scrapes the metrics inside the namespace until {@code expected} appears (the stack works asynchronously). */
    private static String scrapeUntil(String expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            CommandResult scrape = fixture.namespace()
                    .run(COMMAND_TIMEOUT, "curl", "-sS", "--max-time", "5", METRICS_URL);
            if (scrape.succeeded() && scrape.output().contains(expected) || System.nanoTime() > deadline) {
                assertTrue(scrape.succeeded(), scrape.describe());
                return scrape.output();
            }
            Thread.sleep(100);
        }
    }

    /** The value of the sample whose name and labels are {@code series}. */
    private static long sample(String metrics, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\d+)$").matcher(metrics);
        assertTrue(m.find(), () -> "no sample " + series);
        return Long.parseLong(m.group(1));
    }
}
