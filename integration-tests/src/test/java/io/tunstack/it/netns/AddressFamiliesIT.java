package io.tunstack.it.netns;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.it.support.NamespaceFixture;
import io.tunstack.it.support.Ping;
import io.tunstack.it.support.PingResult;
import io.tunstack.it.support.TunstackProcess;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code --address} once per family: only an IPv6 one means IPv6-only, only an IPv4 one IPv4-only, one of each both.
 * The family without an address has no address on tun0, so its ping cannot leave the namespace's kernel at all.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class AddressFamiliesIT {

    @RegisterExtension
    static final NamespaceFixture fixture = NamespaceFixture.named("families");

    @Test
    void onlyAnIpv6AddressMeansIpv6Only() throws InterruptedException {
        try (TunstackProcess tunstack = TunstackProcess.startReady(fixture.namespace(),
                "--address", "fd00:172:21:22::23/64")) {
            PingResult ipv6 = Ping.ipv6(fixture.namespace(), "-c", "2", "-i", "0.2", "-W", "2", "fd00:172:21:22::26");
            PingResult ipv4 = Ping.ipv4(fixture.namespace(), "-c", "1", "-W", "1", "172.21.22.26");

            ipv6.assertAllAnsweredIntact(2);
            assertAll(
                    () -> assertEquals(0, ipv4.received(), ipv4.output()),
                    () -> assertTrue(ipv4.couldNotSend(), "tun0 has no IPv4 address:\n" + ipv4.output()),
                    () -> assertFalse(tunstack.output().contains("172.21.22.23"), tunstack.output()),
                    () -> assertEquals(0, tunstack.stop("TERM"), tunstack.output()));
        }
    }

    @Test
    void onlyAnIpv4AddressMeansIpv4Only() throws InterruptedException {
        try (TunstackProcess tunstack = TunstackProcess.startReady(fixture.namespace(),
                "--address", "172.21.22.23/24")) {
            PingResult ipv4 = Ping.ipv4(fixture.namespace(), "-c", "2", "-i", "0.2", "-W", "2", "172.21.22.26");
            PingResult ipv6 = Ping.ipv6(fixture.namespace(), "-c", "1", "-W", "1", "fd00:172:21:22::26");

            ipv4.assertAllAnsweredIntact(2);
            assertAll(
                    () -> assertEquals(0, ipv6.received(), ipv6.output()),
                    () -> assertTrue(ipv6.couldNotSend(), "tun0 has no IPv6 address of that prefix:\n"
                            + ipv6.output()),
                    () -> assertFalse(tunstack.output().contains("fd00:172:21:22::23"), tunstack.output()),
                    () -> assertEquals(0, tunstack.stop("TERM"), tunstack.output()));
        }
    }

    @Test
    void oneAddressOfEachFamilyAnswersBoth() throws InterruptedException {
        try (TunstackProcess tunstack = TunstackProcess.startReady(fixture.namespace(),
                "--address", "10.1.2.3/24", "--address", "fd00:1::3/64")) {
            PingResult ipv4 = Ping.ipv4(fixture.namespace(), "-c", "2", "-i", "0.2", "-W", "2", "10.1.2.4");
            PingResult ipv6 = Ping.ipv6(fixture.namespace(), "-c", "2", "-i", "0.2", "-W", "2", "fd00:1::4");

            ipv4.assertAllAnsweredIntact(2);
            ipv6.assertAllAnsweredIntact(2);
            assertEquals(0, tunstack.stop("TERM"), tunstack.output());
        }
    }
}
