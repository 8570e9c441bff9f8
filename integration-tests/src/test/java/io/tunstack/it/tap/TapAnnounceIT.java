package io.tunstack.it.tap;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.it.support.CommandResult;
import io.tunstack.it.support.Ping;
import io.tunstack.it.support.Prerequisites;
import io.tunstack.it.support.TunstackProcess;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code --announce}: the neighbours learn the hosts' MAC addresses before they ask (B accepts what it did not ask
 * for: {@code arp_accept=1}, {@code accept_untracked_na=1}); and {@code --trace} shows the Ethernet header, ARP and
 * neighbour discovery as tcpdump does.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TapAnnounceIT {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    /**
     * B's kernel keeps a gratuitous ARP or an unsolicited Neighbor Advertisement only when told to: {@code arp_accept}
     * creates an entry from a gratuitous ARP (Linux arp_process()), {@code accept_untracked_na} from an NA with a
     * target link-layer address (ndisc_recv_na(), RFC 9131), which older kernels take only on a router.
     */
    private static final String[] ACCEPT_ANNOUNCEMENTS = {
        "net.ipv4.conf." + TapLan.PEER_DEVICE + ".arp_accept=1",
        "net.ipv6.conf." + TapLan.PEER_DEVICE + ".accept_untracked_na=1",
        "net.ipv6.conf." + TapLan.PEER_DEVICE + ".forwarding=1"};

    @Test
    void announcedHostsAreInTheNeighboursCacheBeforeAnyoneAsks() throws Exception {
        TapLan.requirePrerequisites();
        try (TapLan lan = TapLan.create(ACCEPT_ANNOUNCEMENTS)) {
            TunstackProcess tunstack = lan.startTunstackAnswering("172.21.22.26,fd00:172:21:22::26", "--announce");

            String neighbours = awaitNeighbours(lan, "172.21.22.26 lladdr 02:54:ac:15:16:1a",
                    "fd00:172:21:22::26 lladdr 02:56:00:00:00:26");

            assertAll(
                    () -> assertTrue(neighbours.contains("172.21.22.26 lladdr 02:54:ac:15:16:1a"), neighbours),
                    () -> assertTrue(neighbours.contains("fd00:172:21:22::26 lladdr 02:56:00:00:00:26"), neighbours),
                    () -> assertTrue(tunstack.output().contains("announced 2 addresses on tap0"), tunstack::output));
        }
    }

    @Test
    void withoutAnnounceNothingIsAnnounced() throws Exception {
        TapLan.requirePrerequisites();
        try (TapLan lan = TapLan.create(ACCEPT_ANNOUNCEMENTS)) {
            TunstackProcess tunstack = lan.startTunstackAnswering("172.21.22.26,fd00:172:21:22::26");
            TimeUnit.SECONDS.sleep(2);

            String neighbours = lan.peer().runOrFail("ip", "neigh", "show", "dev", TapLan.PEER_DEVICE).output();

            assertAll(
                    () -> assertTrue(!neighbours.contains("172.21.22.26"), neighbours),
                    () -> assertTrue(!neighbours.contains("fd00:172:21:22::26"), neighbours),
                    () -> assertTrue(!tunstack.output().contains("announced"), tunstack::output));
        }
    }

    @Test
    void traceShowsEthernetArpAndNeighbourDiscovery() throws Exception {
        TapLan.requirePrerequisites();
        Prerequisites.requireCommands("arping", "ndisc6");
        try (TapLan lan = TapLan.create()) {
            TunstackProcess tunstack = lan.startTunstackAnswering("172.21.22.26,fd00:172:21:22::26", "--trace");
            CommandResult arping = lan.peer().run(COMMAND_TIMEOUT, "arping", "-c", "1", "-w", "5", "-I",
                    TapLan.PEER_DEVICE, "172.21.22.26");
            CommandResult ndisc6 = lan.peer().run(COMMAND_TIMEOUT, "ndisc6", "-1", "-r", "3",
                    "fd00:172:21:22::26", TapLan.PEER_DEVICE);
            Ping.ipv4(lan.peer(), "-c", "1", "-W", "2", "172.21.22.26").assertAllAnsweredIntact(1);

            String trace = awaitOutput(tunstack, "ICMP echo reply");
            assertAll(
                    () -> assertEquals(0, arping.exitCode(), arping::describe),
                    () -> assertEquals(0, ndisc6.exitCode(), ndisc6::describe),
                    () -> assertTrue(trace.contains("02:00:ac:15:16:c8 > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806)"
                            + ", length 42: ARP, Request who-has 172.21.22.26 tell 172.21.22.200, length 28"
                            + " [answered: arp-reply]"), trace),
                    () -> assertTrue(trace.contains("02:54:ac:15:16:1a > 02:00:ac:15:16:c8, ethertype ARP (0x0806)"
                            + ", length 60: ARP, Reply 172.21.22.26 is-at 02:54:ac:15:16:1a, length 28"), trace),
                    () -> assertTrue(trace.contains("ICMP6, neighbor solicitation, who has fd00:172:21:22::26"),
                            trace),
                    () -> assertTrue(trace.contains("ICMP6, neighbor advertisement, tgt is fd00:172:21:22::26,"
                            + " Flags [solicited, override]"), trace),
                    () -> assertTrue(trace.contains("target link-address 02:56:00:00:00:26"), trace),
                    () -> assertTrue(trace.contains("02:54:ac:15:16:1a > 02:00:ac:15:16:c8, ethertype IPv4 (0x0800)"
                            + ", length 98: IP 172.21.22.26 > 172.21.22.200: ICMP echo reply"), trace));
        }
    }

    /** {@code ip neigh show dev vb} in B, once it holds every one of {@code entries} (10 s at most). */
    private static String awaitNeighbours(TapLan lan, String... entries) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            String neighbours = lan.peer().runOrFail("ip", "neigh", "show", "dev", TapLan.PEER_DEVICE).output();
            boolean all = true;
            for (String entry : entries) {
                all &= neighbours.contains(entry);
            }
            if (all || System.nanoTime() > deadline) {
                return neighbours;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    /** tunstack's output once it holds {@code text} (10 s at most): trace lines are printed as packets pass. */
    private static String awaitOutput(TunstackProcess tunstack, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!tunstack.output().contains(text) && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(200);
        }
        return tunstack.output();
    }
}
