package io.tunstack.it.tap;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.it.support.CommandResult;
import io.tunstack.it.support.MetricsScrape;
import io.tunstack.it.support.NetworkNamespace;
import io.tunstack.it.support.Ping;
import io.tunstack.it.support.PingResult;
import io.tunstack.it.support.Prerequisites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * tunstack with {@code --tap} on a Linux bridge, seen from a neighbour on that bridge ({@link TapLan}): the virtual
 * hosts are Ethernet neighbours. B pings them in both families, {@code arping} and {@code ndisc6} resolve them to
 * their derived MAC addresses, {@code ip neigh} lists them, a flood loses nothing, a storm of broken ARP and neighbour
 * discovery is answered not once while ping goes on, and the capture is Ethernet.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TapBridgeIT {

    private static final int METRICS_PORT = 9464;
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final String[] IPV4_HOSTS = {"172.21.22.26", "172.21.22.1", "172.21.22.127"};
    private static final String[] IPV6_HOSTS = {"fd00:172:21:22::26", "fd00:172:21:22::1", "fd00:172:21:22::7f"};
    /** In the subnet, outside {@link TapLan#ANSWER}: nobody answers it. */
    private static final String UNANSWERED_IPV4 = "172.21.22.150";
    private static final String UNANSWERED_IPV6 = "fd00:172:21:22::150";
    private static final String KERNEL_IPV4 = "172.21.22.23";
    private static final String KERNEL_IPV6 = "fd00:172:21:22::23";
    private static final String ANSWERED_SAMPLE = "tunstack_packets_answered_total";

    private static TapLan lan;
    private static Path captureDirectory;
    private static Path capture;

    @BeforeAll
    static void buildTheLanAndStartTunstack() throws Exception {
        TapLan.requirePrerequisites();
        captureDirectory = Files.createTempDirectory("tapbridge-");
        capture = captureDirectory.resolve("tap.pcapng");
        lan = TapLan.create();
        lan.startTunstack("--pcap", capture.toString(), "--metrics", Integer.toString(METRICS_PORT));
    }

    @AfterAll
    static void removeTheLan() throws IOException {
        try {
            if (lan != null) {
                lan.close();
            }
        } finally {
            if (captureDirectory != null) {
                Files.deleteIfExists(capture);
                Files.deleteIfExists(captureDirectory);
            }
        }
    }

    private static NetworkNamespace peer() {
        return lan.peer();
    }

    @ParameterizedTest
    @ValueSource(strings = {"172.21.22.26", "172.21.22.1", "172.21.22.127"})
    void severalIpv4HostsAnswerFourPings(String host) {
        Ping.ipv4(peer(), "-c", "4", "-i", "0.2", "-W", "2", host).assertAllAnsweredIntact(4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"fd00:172:21:22::26", "fd00:172:21:22::1", "fd00:172:21:22::7f"})
    void severalIpv6HostsAnswerFourPings(String host) {
        Ping.ipv6(peer(), "-c", "4", "-i", "0.2", "-W", "2", host).assertAllAnsweredIntact(4);
    }

    /** iputils arping: the first probe is broadcast, the next ones unicast to the MAC the first reply gave. */
    @Test
    void arpingIsAnsweredByTheHostsDerivedMac() {
        Prerequisites.requireCommands("arping");
        CommandResult arping = peer().run(COMMAND_TIMEOUT, "arping", "-c", "3", "-w", "10", "-I",
                TapLan.PEER_DEVICE, "172.21.22.26");

        String output = arping.output().toLowerCase(Locale.ROOT);
        assertAll(
                () -> assertEquals(0, arping.exitCode(), arping::describe),
                () -> assertEquals(3, count(output, "unicast reply from 172.21.22.26 [02:54:ac:15:16:1a]"), output),
                () -> assertTrue(output.contains("received 3 response(s)"), output));
    }

    @Test
    void arpingForAnAddressNobodyAnswersGetsNothing() {
        Prerequisites.requireCommands("arping");
        CommandResult unanswered = peer().run(COMMAND_TIMEOUT, "arping", "-c", "2", "-w", "3", "-I",
                TapLan.PEER_DEVICE, UNANSWERED_IPV4);
        CommandResult kernel = peer().run(COMMAND_TIMEOUT, "arping", "-c", "2", "-w", "3", "-I",
                TapLan.PEER_DEVICE, KERNEL_IPV4);
        CommandResult control = peer().run(COMMAND_TIMEOUT, "arping", "-c", "1", "-w", "5", "-I",
                TapLan.PEER_DEVICE, "172.21.22.26");

        assertAll(
                () -> assertTrue(unanswered.output().contains("Received 0 response(s)"), unanswered::describe),
                // The kernel's own address is on tap0; A's kernel answers ARP for it on br0 with br0's MAC (Linux
                // answers for any of its addresses on any interface, arp_ignore=0). tunstack never claims it.
                () -> assertFalse(kernel.output().toLowerCase(Locale.ROOT).contains("02:54:ac:15:16:17"),
                        kernel::describe),
                () -> assertTrue(control.output().contains("Received 1 response(s)"), control::describe));
    }

    @Test
    void ndisc6IsAnsweredWithTheTargetLinkLayerAddress() {
        Prerequisites.requireCommands("ndisc6");
        CommandResult ndisc6 = peer().run(COMMAND_TIMEOUT, "ndisc6", "-1", "-r", "3", "fd00:172:21:22::26",
                TapLan.PEER_DEVICE);

        String output = ndisc6.output().toLowerCase(Locale.ROOT);
        assertAll(
                () -> assertEquals(0, ndisc6.exitCode(), ndisc6::describe),
                () -> assertTrue(output.contains("target link-layer address: 02:56:00:00:00:26"), output),
                () -> assertTrue(output.contains("from fd00:172:21:22::26"), output));
    }

    @Test
    void ipNeighListsTheHostsWithTheirDerivedMacs() {
        for (String host : IPV4_HOSTS) {
            Ping.ipv4(peer(), "-c", "1", "-W", "2", host).assertAllAnsweredIntact(1);
        }
        for (String host : IPV6_HOSTS) {
            Ping.ipv6(peer(), "-c", "1", "-W", "2", host).assertAllAnsweredIntact(1);
        }
        String neighbours = peer().runOrFail("ip", "neigh", "show", "dev", TapLan.PEER_DEVICE).output();

        assertAll(
                () -> assertTrue(neighbours.contains("172.21.22.26 lladdr 02:54:ac:15:16:1a"), neighbours),
                () -> assertTrue(neighbours.contains("172.21.22.1 lladdr 02:54:ac:15:16:01"), neighbours),
                () -> assertTrue(neighbours.contains("172.21.22.127 lladdr 02:54:ac:15:16:7f"), neighbours),
                () -> assertTrue(neighbours.contains("fd00:172:21:22::26 lladdr 02:56:00:00:00:26"), neighbours),
                () -> assertTrue(neighbours.contains("fd00:172:21:22::1 lladdr 02:56:00:00:00:01"), neighbours),
                () -> assertTrue(neighbours.contains("fd00:172:21:22::7f lladdr 02:56:00:00:00:7f"), neighbours));
    }

    @Test
    void aFloodOf20000PingsLosesNone() {
        PingResult ipv4 = Ping.ipv4(peer(), "-f", "-c", "20000", "172.21.22.26");
        PingResult ipv6 = Ping.ipv6(peer(), "-f", "-c", "20000", "fd00:172:21:22::26");

        assertAll(
                () -> ipv4.assertAllAnsweredIntact(20_000),
                () -> ipv6.assertAllAnsweredIntact(20_000));
    }

    /**
     * Every broken ARP packet and neighbour solicitation, and the well-formed ones for addresses tunstack must not
     * claim, 200 times over (over 5000 frames) while B pings both families: not one ARP reply or Neighbor
     * Advertisement comes back, and every frame is counted as a drop. B's entries for the pinged hosts are pinned
     * ({@code nud permanent}), so that B's kernel asks nothing itself. Then one valid request of each kind is
     * answered: the responder was alive all along.
     */
    @Test
    void aStormOfBrokenArpAndNeighbourDiscoveryIsAnsweredNotOnceWhilePingGoesOn() throws Exception {
        FrameInjector.requireAvailable();
        peer().runOrFail("ip", "neigh", "replace", "172.21.22.26", "lladdr", "02:54:ac:15:16:1a", "nud",
                "permanent", "dev", TapLan.PEER_DEVICE);
        peer().runOrFail("ip", "neigh", "replace", "fd00:172:21:22::26", "lladdr", "02:56:00:00:00:26", "nud",
                "permanent", "dev", TapLan.PEER_DEVICE);
        try {
            storm();
        } finally {
            // The other tests resolve the hosts themselves.
            peer().runOrFail("ip", "neigh", "del", "172.21.22.26", "dev", TapLan.PEER_DEVICE);
            peer().runOrFail("ip", "neigh", "del", "fd00:172:21:22::26", "dev", TapLan.PEER_DEVICE);
        }
    }

    private static void storm() throws Exception {
        long peerMac = NeighbourFrames.mac(TapLan.PEER_MAC);
        Map<String, byte[]> garbage = NeighbourFrames.garbage(peerMac, TapLan.PEER_IPV4, TapLan.PEER_IPV6,
                "172.21.22.26", "fd00:172:21:22::26", UNANSWERED_IPV4, UNANSWERED_IPV6, KERNEL_IPV4, KERNEL_IPV6);
        List<byte[]> storm = new ArrayList<>();
        for (int round = 0; round < 200; round++) {
            storm.addAll(garbage.values());
        }
        String before = metrics();

        CompletableFuture<PingResult> ipv4 = CompletableFuture.supplyAsync(
                () -> Ping.ipv4(peer(), "-c", "40", "-i", "0.05", "-W", "2", "172.21.22.26"));
        CompletableFuture<PingResult> ipv6 = CompletableFuture.supplyAsync(
                () -> Ping.ipv6(peer(), "-c", "40", "-i", "0.05", "-W", "2", "fd00:172:21:22::26"));
        FrameInjector.Report report = new FrameInjector(peer(), TapLan.PEER_DEVICE)
                .inject(storm, 4000, Duration.ofSeconds(1));
        PingResult ipv4Pings = ipv4.get(2, TimeUnit.MINUTES);
        PingResult ipv6Pings = ipv6.get(2, TimeUnit.MINUTES);
        String after = metrics();

        FrameInjector.Report control = new FrameInjector(peer(), TapLan.PEER_DEVICE).inject(
                List.of(NeighbourFrames.arpRequest(peerMac, TapLan.PEER_IPV4, "172.21.22.26"),
                        NeighbourFrames.neighborSolicitation(peerMac, TapLan.PEER_IPV6, "fd00:172:21:22::26")),
                10, Duration.ofSeconds(1));
        assertAll(
                () -> assertEquals(storm.size(), report.sent(), "every frame of the storm was sent"),
                () -> assertEquals(0, report.sniffDropped(), "the sniffer lost nothing"),
                () -> assertEquals(0, arpReplies(report.received()), "ARP replies to the storm"),
                () -> assertEquals(0, neighborAdvertisements(report.received()), "NAs to the storm"),
                () -> assertEquals(0, answered(after, "arp", "arp-reply") - answered(before, "arp", "arp-reply"),
                        "tunstack's own count of ARP replies"),
                () -> assertEquals(0, answered(after, "icmpv6", "neighbor-advertisement")
                        - answered(before, "icmpv6", "neighbor-advertisement"), "tunstack's own count of NAs"),
                () -> assertTrue(drops(after) - drops(before) >= storm.size(), () -> "every frame counted as a drop: "
                        + (drops(after) - drops(before)) + " of " + storm.size()),
                () -> ipv4Pings.assertAllAnsweredIntact(40),
                () -> ipv6Pings.assertAllAnsweredIntact(40),
                () -> assertEquals(1, arpReplies(control.received()), "a valid ARP request afterwards is answered"),
                () -> assertEquals(1, neighborAdvertisements(control.received()),
                        "a valid neighbour solicitation afterwards is answered"));
    }

    /** {@code tcpdump -r} reads the capture as Ethernet: the frames between B and the host, with their MACs. */
    @Test
    void theCaptureIsEthernetThatTcpdumpReads() throws Exception {
        Ping.ipv4(peer(), "-c", "2", "-W", "2", "172.21.22.26").assertAllAnsweredIntact(2);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        CommandResult tcpdump;
        do {
            TimeUnit.MILLISECONDS.sleep(500); // the capture is flushed at most 1 s after a packet
            tcpdump = lan.tunstackSide().run(COMMAND_TIMEOUT, "tcpdump", "-r", capture.toString(), "-n", "-e");
        } while (!tcpdump.output().contains("ICMP echo reply") && System.nanoTime() < deadline);

        String output = tcpdump.output();
        assertAll(
                () -> assertTrue(output.contains("link-type EN10MB (Ethernet)"), output),
                () -> assertTrue(output.contains("02:00:ac:15:16:c8 > 02:54:ac:15:16:1a, ethertype IPv4"), output),
                () -> assertTrue(output.contains("02:54:ac:15:16:1a > 02:00:ac:15:16:c8, ethertype IPv4"), output),
                () -> assertTrue(output.contains("172.21.22.26 > 172.21.22.200: ICMP echo reply"), output));
    }

    private static String metrics() throws InterruptedException {
        return MetricsScrape.until(lan.tunstackSide(), MetricsScrape.url(METRICS_PORT),
                text -> text.contains(ANSWERED_SAMPLE));
    }

    private static long answered(String metrics, String protocol, String answer) {
        return MetricsScrape.sampleOrZero(metrics,
                ANSWERED_SAMPLE + "{protocol=\"" + protocol + "\",answer=\"" + answer + "\"}");
    }

    /** The sum of every {@code tunstack_drops_total} sample. */
    private static long drops(String metrics) {
        Matcher sample = Pattern.compile("(?m)^tunstack_drops_total\\{[^}]*\\} (\\d+)$").matcher(metrics);
        long total = 0;
        while (sample.find()) {
            total += Long.parseLong(sample.group(1));
        }
        return total;
    }

    /**
     * ARP replies from a virtual host: from a MAC tunstack derives (02:54 or 02:56). A's own kernel answers ARP for its
     * address on tap0 through br0 (Linux answers for any of its addresses on any interface), from br0's MAC.
     */
    private static long arpReplies(List<byte[]> frames) {
        return frames.stream().filter(f -> f.length >= 22 && fromAVirtualHost(f)
                && etherType(f) == NeighbourFrames.ETHERTYPE_ARP
                && ((f[20] & 0xff) << 8 | f[21] & 0xff) == NeighbourFrames.ARP_REPLY).count();
    }

    /** IPv6 with ICMPv6 right after the fixed header (next header 58 at byte 14 + 6), type 136 at 14 + 40. */
    private static long neighborAdvertisements(List<byte[]> frames) {
        return frames.stream().filter(f -> f.length > 54 && fromAVirtualHost(f)
                && etherType(f) == NeighbourFrames.ETHERTYPE_IPV6 && (f[20] & 0xff) == 58
                && (f[54] & 0xff) == NeighbourFrames.ICMPV6_NEIGHBOR_ADVERTISEMENT).count();
    }

    /** Whether the frame's Ethernet source is a MAC tunstack derives for its hosts: 02:54 or 02:56. */
    private static boolean fromAVirtualHost(byte[] frame) {
        return frame[6] == 0x02 && (frame[7] == 0x54 || frame[7] == 0x56);
    }

    private static int etherType(byte[] frame) {
        return (frame[12] & 0xff) << 8 | frame[13] & 0xff;
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
