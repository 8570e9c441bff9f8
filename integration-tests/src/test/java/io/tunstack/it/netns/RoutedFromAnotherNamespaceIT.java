package io.tunstack.it.netns;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.it.support.NetworkNamespace;
import io.tunstack.it.support.Ping;
import io.tunstack.it.support.PingResult;
import io.tunstack.it.support.Prerequisites;
import io.tunstack.it.support.TunstackProcess;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README's TUN recipe for reaching the virtual hosts from elsewhere: only the namespace that owns tun0 has a route
 * to them, so another namespace reaches them through it, as through a router. A veth joins the two; the client routes
 * the virtual subnets to the hosts' namespace, which forwards ({@code ip_forward}, IPv6 {@code forwarding}) into tun0.
 * The replies come back the same way: one hop, so the client sees a TTL of 63.
 *
 * <pre>
 *   namespace "hosts"                                namespace "client"
 *   tunstack ── tun0   vh 10.213.0.1/24 ═══════════ vc 10.213.0.2/24, route 172.21.22.0/24 via 10.213.0.1
 *                         fd00:213::1/64                fd00:213::2/64, route fd00:172:21:22::/64 via fd00:213::1
 * </pre>
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RoutedFromAnotherNamespaceIT {

    @Test
    void anotherNamespaceReachesTheHostsThroughTheNamespaceOfTun0() throws Exception {
        Prerequisites.requireNetworkNamespaces();
        try (NetworkNamespace hosts = NetworkNamespace.create("routed-hosts");
                NetworkNamespace client = NetworkNamespace.create("routed-client")) {
            hosts.runOrFail("ip", "link", "add", "vh", "type", "veth", "peer", "name", "vc", "netns", client.name());
            hosts.runOrFail("ip", "addr", "add", "10.213.0.1/24", "dev", "vh");
            hosts.runOrFail("ip", "addr", "add", "fd00:213::1/64", "dev", "vh", "nodad");
            hosts.runOrFail("ip", "link", "set", "vh", "up");
            hosts.runOrFail("sysctl", "-q", "-w", "net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1");
            client.runOrFail("ip", "addr", "add", "10.213.0.2/24", "dev", "vc");
            client.runOrFail("ip", "addr", "add", "fd00:213::2/64", "dev", "vc", "nodad");
            client.runOrFail("ip", "link", "set", "vc", "up");
            client.runOrFail("ip", "route", "add", "172.21.22.0/24", "via", "10.213.0.1");
            client.runOrFail("ip", "route", "add", "fd00:172:21:22::/64", "via", "fd00:213::1");

            try (TunstackProcess tunstack = TunstackProcess.startReady(hosts)) {
                PingResult ipv4 = Ping.ipv4(client, "-c", "4", "-i", "0.2", "-W", "2", "172.21.22.26");
                PingResult ipv6 = Ping.ipv6(client, "-c", "4", "-i", "0.2", "-W", "2", "fd00:172:21:22::26");

                assertAll(
                        () -> ipv4.assertAllAnsweredIntact(4),
                        () -> ipv6.assertAllAnsweredIntact(4),
                        () -> assertTrue(ipv4.output().contains("ttl=63"), "one router on the way:\n"
                                + ipv4.output()),
                        () -> assertTrue(ipv6.output().contains("ttl=63"), ipv6.output()));
            }
        }
    }
}
