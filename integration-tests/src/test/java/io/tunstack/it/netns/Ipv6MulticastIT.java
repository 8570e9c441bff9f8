package io.tunstack.it.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.it.support.DropCounts;
import io.tunstack.it.support.NamespaceFixture;
import io.tunstack.it.support.Ping;
import io.tunstack.it.support.PingResult;
import io.tunstack.it.support.TunstackProcess;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ping -6 ff02::1%tun0}: ignored by default and counted as {@code ipv6-destination-multicast}, answered with
 * {@code --answer-multicast}, from a unicast address (RFC 4443 4.2: "If the Echo Request message was sent to an IPv6
 * multicast or anycast address, the source address of the reply MUST be a unicast address belonging to the
 * interface on which the Echo Request message was received.").
 *
 * <p>The kernel of the namespace is itself a member of ff02::1 on tun0 and would answer too; it is told not to
 * ({@code net.ipv6.icmp.echo_ignore_multicast=1}), so every reply comes from tunstack.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class Ipv6MulticastIT {

    private static final String ALL_NODES_ON_TUN0 = "ff02::1%tun0";

    @RegisterExtension
    static final NamespaceFixture fixture = NamespaceFixture.named("mcast6")
            .configuring(namespace -> namespace.runOrFail("sysctl", "-q", "-w",
                    "net.ipv6.icmp.echo_ignore_multicast=1"));

    @Test
    void multicastEchoIsIgnoredByDefaultAndCounted() throws InterruptedException {
        try (TunstackProcess tunstack = TunstackProcess.startReady(fixture.namespace())) {
            PingResult ping = Ping.ipv6(fixture.namespace(), "-c", "2", "-i", "0.2", "-W", "1", ALL_NODES_ON_TUN0);

            assertEquals(0, tunstack.stop("TERM"), tunstack.output());
            assertEquals(2, ping.transmitted(), ping.output());
            assertEquals(0, ping.received(), ping.output());
            long ignored = DropCounts.parse(tunstack.output()).of("ipv6-destination-multicast");
            assertTrue(ignored >= 2, "both requests counted as ipv6-destination-multicast:\n" + tunstack.output());
        }
    }

    @Test
    void answerMulticastAnswersItFromAUnicastAddress() throws InterruptedException {
        try (TunstackProcess tunstack = TunstackProcess.startReady(fixture.namespace(), "--answer-multicast")) {
            PingResult ping = Ping.ipv6(fixture.namespace(), "-c", "2", "-i", "0.2", "-W", "2", ALL_NODES_ON_TUN0);

            assertEquals(2, ping.received(), ping.output());
            assertFalse(ping.hasWrongData(), ping.output());
            assertFalse(ping.output().contains("bytes from ff"), "a reply from the multicast address:\n"
                    + ping.output());
            // README: "from the lowest answered address"; the default set starts at ::1 (::, the Subnet-Router
            // anycast address, is left out).
            assertTrue(ping.output().contains("bytes from fd00:172:21:22::1:"), ping.output());
        }
    }
}
