package io.tunstack.it.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.it.support.NamespaceFixture;
import io.tunstack.it.support.NetworkNamespace;
import io.tunstack.it.support.Ping;
import io.tunstack.it.support.PingResult;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A namespace with IPv6 disabled ({@code net.ipv6.conf.all.disable_ipv6=1}): tunstack says so in one line and runs
 * IPv4-only with its defaults; {@code ping -6} cannot even leave (no IPv6 address, no route), {@code ping -4} is
 * answered.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class Ipv6DisabledIT {

    /** The one line that says IPv6 is off and tunstack runs IPv4-only. */
    static final Pattern IPV6_OFF = Pattern.compile("(?i).*\\bIPv6\\b.*\\b(disabled|off)\\b.*");

    @RegisterExtension
    static final NamespaceFixture fixture = NamespaceFixture.named("noipv6")
            .configuring(NetworkNamespace::disableIpv6)
            .withTunstack();

    @Test
    void oneLineSaysIpv6IsOff() {
        List<String> lines = fixture.tunstack().process().lines().stream()
                .filter(line -> IPV6_OFF.matcher(line).matches())
                .toList();

        assertEquals(1, lines.size(), fixture.tunstack().output());
        assertFalse(fixture.tunstack().output().contains("fd00:172:21:22::23"),
                "no IPv6 address is configured:\n" + fixture.tunstack().output());
    }

    @Test
    void ipv4IsAnswered() {
        Ping.ipv4(fixture.namespace(), "-c", "2", "-i", "0.2", "-W", "2", "172.21.22.26").assertAllAnsweredIntact(2);
    }

    @Test
    void ipv6CannotBeSent() {
        PingResult ping = Ping.ipv6(fixture.namespace(), "-c", "1", "-W", "1", "fd00:172:21:22::26");

        assertEquals(0, ping.received(), ping.output());
        assertTrue(ping.couldNotSend(), ping.output());
    }
}
