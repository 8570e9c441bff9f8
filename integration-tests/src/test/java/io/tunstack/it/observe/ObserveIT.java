package io.tunstack.it.observe;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.it.support.CommandResult;
import io.tunstack.it.support.MetricsScrape;
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
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The observing options of the real program: 4 pings, and one echo request with a broken ICMP checksum, seen through
 * the capture file ({@code tcpdump -r}, {@code tshark -r}), the trace lines and the metrics endpoint; then the same
 * for IPv6 ({@code ping -6} and a UDP datagram answered with Port Unreachable), in a namespace of its own where the
 * kernel sends its link chatter on tun0; and UDP and TCP to closed and open ports through trace and capture.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ObserveIT {

    private static final String KERNEL = "172.21.22.23";
    private static final String ANSWERED = "172.21.22.26";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final String METRICS_URL = MetricsScrape.url(9464);
    private static final String KERNEL6 = "fd00:172:21:22::23";
    private static final String ANSWERED6 = "fd00:172:21:22::26";

    /** A UDP datagram to port 9 of the answered IPv6 address: a closed port, answered with Port Unreachable. */
    private static final String SEND_UDP6 = "import socket\n"
            + "socket.socket(socket.AF_INET6, socket.SOCK_DGRAM).sendto(b'abcd', ('" + ANSWERED6 + "', 9))\n";

    /**
     * Sends one echo request (id 0x7a7a = 31354, seq 1, 8 data bytes) whose ICMP checksum is 0xdead instead of the
     * correct value, through a raw socket: the kernel adds a correct IP header and routes it into tun0.
     */
    private static final String SEND_BAD_CHECKSUM = "import socket\n"
            + "s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)\n"
            + "s.sendto(bytes.fromhex('0800dead7a7a00010011223344556677'), ('" + ANSWERED + "', 0))\n";

    @RegisterExtension
    static final NamespaceFixture fixture = NamespaceFixture.named("observe")
            .requiring(() -> Prerequisites.requireCommands("tcpdump", "tshark", "curl", "python3", "nc"))
            // No router solicitations or MLD reports: every packet on tun0 is one the test sent. The IPv6 test makes
            // a namespace of its own.
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
                            "tunstack_packets_answered_total{protocol=\"icmp\",answer=\"icmpv4-echo-reply\"}"), metrics),
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

    @Test
    void ipv6ThroughEveryObserverWithTheKernelsLinkChatterCountedAndCapturedButNotShown() throws Exception {
        Path capture = dir.resolve("ping6.pcapng");
        try (NetworkNamespace namespace = NetworkNamespace.create("observe6");
                TunstackProcess tunstack = TunstackProcess.startReady(namespace, "--quiet", "--trace", "--explain=1",
                        "--metrics", "9464", "--pcap", capture.toString())) {
            PingResult ping = Ping.run(namespace, "-6", "-c", "4", "-i", "0.2", "-W", "2", ANSWERED6);
            assertEquals(4, ping.received(), ping.output());
            namespace.runOrFail("python3", "-c", SEND_UDP6);

            // The kernel solicits routers on tun0 within a second or so of link-up (rtr_solicit_delay).
            String metrics = scrapeUntil(namespace, text -> sampleOrZero(text,
                    "tunstack_drops_total{reason=\"ipv6-link-chatter\"}") >= 1
                    && sampleOrZero(text, "tunstack_drops_total{reason=\"udp-port-closed\"}") == 1);
            long chatter = sample(metrics, "tunstack_drops_total{reason=\"ipv6-link-chatter\"}");
            assertAll(
                    () -> assertEquals(4 + 1 + chatter, sample(metrics, "tunstack_packets_read_total"), metrics),
                    () -> assertEquals(4, sample(metrics,
                            "tunstack_packets_answered_total{protocol=\"icmpv6\",answer=\"icmpv6-echo-reply\"}"), metrics),
                    () -> assertEquals(4, sample(metrics,
                            "tunstack_icmpv6_sent_total{type=\"129\",name=\"echo-reply\"}"), metrics),
                    () -> assertEquals(1, sample(metrics,
                            "tunstack_icmpv6_sent_total{type=\"1\",name=\"destination-unreachable\"}"), metrics),
                    () -> assertEquals(0, sample(metrics, "tunstack_icmp_sent_total{type=\"0\",name=\"echo-reply\"}"),
                            metrics),
                    () -> assertEquals(5, sample(metrics, "tunstack_packets_written_total"), metrics));

            assertEquals(0, tunstack.stop("TERM"), tunstack.output());
            String output = tunstack.output();
            int id = echoId6(output);
            for (int seq = 1; seq <= 4; seq++) {
                String request = "In  IP6 " + KERNEL6 + " > " + ANSWERED6 + ": ICMP6, echo request, id " + id
                        + ", seq " + seq + ", length 64 [answered: icmpv6-echo-reply]";
                String reply = "Out IP6 " + ANSWERED6 + " > " + KERNEL6 + ": ICMP6, echo reply, id " + id + ", seq "
                        + seq + ", length 64";
                assertTrue(output.contains(request), () -> "no '" + request + "' in " + output);
                assertTrue(output.contains(reply), () -> "no '" + reply + "' in " + output);
            }
            assertTrue(output.contains(".9: UDP, length 4 [dropped: udp-port-closed]\n"), output);
            assertTrue(output.contains("Out IP6 " + ANSWERED6 + " > " + KERNEL6 + ": ICMP6, destination unreachable,"
                    + " port unreachable, " + ANSWERED6 + " udp port 9, length 60"), output);
            // --explain=1 explained the first ping, not the router solicitation that came before or after it.
            assertTrue(output.contains("Packet read (104 bytes), verdict: answered: icmpv6-echo-reply\n"), output);
            assertTrue(output.contains("  pseudo      fd00 + 0172 + 0021 + 0022 + 0000 + 0000 + 0000 + 0023"
                    + "  source address\n"), output);
            assertEquals(1, output.split("Packet read \\(", -1).length - 1, output);
            assertTrue(!output.contains("ICMP6, router solicitation"), output);
            // Another solicitation may come between the scrape and the stop: the summary has the final count.
            Matcher summaryChatter = Pattern.compile("\n  (\\d+) dropped ipv6-link-chatter: ").matcher(output);
            assertTrue(summaryChatter.find(), output);
            long chatterAtExit = Long.parseLong(summaryChatter.group(1));
            assertTrue(chatterAtExit >= chatter, output);

            List<String> packets = tcpdump(namespace, capture);
            List<String> echoes = packets.stream().filter(line -> line.contains("ICMP6, echo")).toList();
            assertEquals(8, echoes.size(), () -> String.join("\n", packets));
            for (int seq = 1; seq <= 4; seq++) {
                assertEquals("IP6 " + KERNEL6 + " > " + ANSWERED6 + ": ICMP6, echo request, id " + id + ", seq "
                        + seq + ", length 64", echoes.get(2 * (seq - 1)));
                assertEquals("IP6 " + ANSWERED6 + " > " + KERNEL6 + ": ICMP6, echo reply, id " + id + ", seq "
                        + seq + ", length 64", echoes.get(2 * (seq - 1) + 1));
            }
            assertEquals(chatterAtExit, packets.stream().filter(line -> line.contains("router solicitation")).count(),
                    () -> "the capture keeps the chatter: " + String.join("\n", packets));
            assertTrue(packets.stream().anyMatch(line -> line.startsWith("IP6 " + ANSWERED6 + " > " + KERNEL6
                    + ": ICMP6, destination unreachable, unreachable port, " + ANSWERED6 + " udp port 9")),
                    () -> String.join("\n", packets));
            CommandResult tshark = namespace.runOrFail("tshark", "-r", capture.toString(), "-V");
            assertEquals(8, tshark.output().lines().filter(line -> line.contains("Type: Echo (ping)")).count(),
                    tshark.output());
            assertTrue(tshark.output().contains("tunstack: dropped: ipv6-link-chatter"), tshark.output());
            assertTrue(tshark.output().contains("tunstack: dropped: udp-port-closed"), tshark.output());
        }
    }

    /**
     * A connection to an open port (nc -z), one to a closed port, and a UDP probe to a closed port: the trace shows
     * each segment as tcpdump -S would (flags, sequence numbers, options) with its verdict, and the capture holds them
     * all, as tcpdump reads them back.
     */
    @Test
    void udpAndTcpAppearInTheTraceAndTheCapture() throws Exception {
        Path capture = dir.resolve("transport.pcapng");
        try (TunstackProcess tunstack = TunstackProcess.startReady(fixture.namespace(), "--quiet", "--trace",
                "--open", "22/tcp", "--pcap", capture.toString())) {
            fixture.namespace().runOrFail("nc", "-z", "-w", "5", ANSWERED, "22");
            CommandResult refused = fixture.namespace().run(COMMAND_TIMEOUT, "nc", "-z", "-w", "5", ANSWERED, "80");
            assertEquals(1, refused.exitCode(), refused.describe());
            fixture.namespace().runOrFail("python3", "-c", "import socket\n"
                    + "socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'abcd', ('" + ANSWERED + "', 33434))\n");
            TimeUnit.MILLISECONDS.sleep(500); // the FIN exchange of the accepted connection ends
            assertEquals(0, tunstack.stop("TERM"), tunstack.output());

            String output = tunstack.output();
            String kernel = Pattern.quote(KERNEL);
            String answered = Pattern.quote(ANSWERED);
            List<Pattern> traced = List.of(
                    Pattern.compile("In  IP " + kernel + "\\.\\d+ > " + answered + "\\.22: Flags \\[S\\], seq \\d+, win"
                            + " \\d+, options \\[mss \\d+,.*\\], length 0 \\[answered: tcp-syn-ack\\]"),
                    Pattern.compile("Out IP " + answered + "\\.22 > " + kernel + "\\.\\d+: Flags \\[S\\.\\], seq \\d+, ack"
                            + " \\d+, win \\d+, options \\[mss \\d+.*\\], length 0"),
                    Pattern.compile("Out IP " + answered + "\\.22 > " + kernel + "\\.\\d+: Flags \\[F\\.\\], seq \\d+, ack"),
                    Pattern.compile("In  IP " + kernel + "\\.\\d+ > " + answered + "\\.80: Flags \\[S\\], .* \\[answered:"
                            + " tcp-rst\\]"),
                    Pattern.compile("Out IP " + answered + "\\.80 > " + kernel + "\\.\\d+: Flags \\[R\\.\\], seq 0, ack \\d+,"
                            + " win 0, length 0"),
                    Pattern.compile("In  IP " + kernel + "\\.\\d+ > " + answered + "\\.33434: UDP, length 4 \\[dropped:"
                            + " udp-port-closed\\]"),
                    Pattern.compile("Out IP " + answered + " > " + kernel + ": ICMP " + answered + " udp port 33434"
                            + " unreachable, length 40"));
            for (Pattern line : traced) {
                assertTrue(line.matcher(output).find(), () -> "no line like " + line + " in:\n" + output);
            }

            List<String> packets = tcpdump(capture);
            String all = String.join("\n", packets);
            for (String expected : List.of(".22: Flags [S], seq", ".22 > " + KERNEL, "Flags [S.], seq",
                    "Flags [F.], seq", ".80: Flags [S], seq", "Flags [R.], seq 0, ack", ".33434: UDP, length 4",
                    "ICMP " + ANSWERED + " udp port 33434 unreachable, length 40")) {
                assertTrue(all.contains(expected), () -> "no '" + expected + "' in the capture:\n" + all);
            }
        }
    }

    /** The summaries {@code tcpdump -nr FILE} prints, timestamps cut off; fails unless it read the file cleanly. */
    private static List<String> tcpdump(Path capture) throws IOException {
        return tcpdump(fixture.namespace(), capture);
    }

    private static List<String> tcpdump(NetworkNamespace namespace, Path capture) throws IOException {
        assertTrue(Files.size(capture) > 0, "empty capture " + capture);
        CommandResult result = namespace.runOrFail("tcpdump", "-nr", capture.toString());
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
        return scrapeUntil(fixture.namespace(), text -> text.contains(expected));
    }

    private static String scrapeUntil(NetworkNamespace namespace, Predicate<String> expected)
            throws InterruptedException {
        return MetricsScrape.until(namespace, METRICS_URL, expected);
    }

    /** The ICMPv6 identifier ping -6 chose, from the first trace line. */
    private static int echoId6(String output) {
        Matcher m = Pattern.compile("ICMP6, echo request, id (\\d+), seq 1,").matcher(output);
        assertTrue(m.find(), output);
        return Integer.parseInt(m.group(1));
    }

    private static long sampleOrZero(String metrics, String series) {
        return MetricsScrape.sampleOrZero(metrics, series);
    }

    private static long sample(String metrics, String series) {
        return MetricsScrape.sample(metrics, series);
    }
}
