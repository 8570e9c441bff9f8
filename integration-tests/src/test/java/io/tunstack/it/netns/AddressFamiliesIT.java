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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code --address} once per family: only an IPv6 one means IPv6-only, only an IPv4 one IPv4-only, one of each both.
 * The family without an address has no address on tun0, so its ping cannot leave the namespace's kernel at all.
 * (ping picks the family from the address literal.)
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class AddressFamiliesIT {

    @RegisterExtension
    static final NamespaceFixture fixture = NamespaceFixture.named("families");

    /**
     * One family only.
     *
     * @param address tunstack's one {@code --address}
     * @param answered an address of its subnet, which must answer
     * @param unreachable the other family's default responder, which cannot even be pinged
     * @param absent the other family's default device address, which tunstack must not configure
     */
    record OneFamily(String address, String answered, String unreachable, String absent) {
        @Override
        public String toString() {
            return "--address " + address;
        }
    }

    static Stream<OneFamily> oneFamily() {
        return Stream.of(
                new OneFamily("fd00:172:21:22::23/64", "fd00:172:21:22::26", "172.21.22.26", "172.21.22.23"),
                new OneFamily("172.21.22.23/24", "172.21.22.26", "fd00:172:21:22::26", "fd00:172:21:22::23"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oneFamily")
    void oneAddressMeansThatFamilyOnly(OneFamily only) throws InterruptedException {
        try (TunstackProcess tunstack = TunstackProcess.startReady(fixture.namespace(), "--address", only.address())) {
            PingResult answered = Ping.run(fixture.namespace(), "-c", "2", "-i", "0.2", "-W", "2", only.answered());
            PingResult other = Ping.run(fixture.namespace(), "-c", "1", "-W", "1", only.unreachable());

            answered.assertAllAnsweredIntact(2);
            assertAll(
                    () -> assertEquals(0, other.received(), other.output()),
                    () -> assertTrue(other.couldNotSend(), "tun0 has no address of that family:\n" + other.output()),
                    () -> assertFalse(tunstack.output().contains(only.absent()), tunstack.output()),
                    () -> assertEquals(0, tunstack.stop("TERM"), tunstack.output()));
        }
    }

    @Test
    void oneAddressOfEachFamilyAnswersBoth() throws InterruptedException {
        try (TunstackProcess tunstack = TunstackProcess.startReady(fixture.namespace(),
                "--address", "10.1.2.3/24", "--address", "fd00:1::3/64")) {
            PingResult ipv4 = Ping.run(fixture.namespace(), "-c", "2", "-i", "0.2", "-W", "2", "10.1.2.4");
            PingResult ipv6 = Ping.run(fixture.namespace(), "-c", "2", "-i", "0.2", "-W", "2", "fd00:1::4");

            ipv4.assertAllAnsweredIntact(2);
            ipv6.assertAllAnsweredIntact(2);
            assertEquals(0, tunstack.stop("TERM"), tunstack.output());
        }
    }
}
