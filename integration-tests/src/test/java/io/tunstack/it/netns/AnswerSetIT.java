package io.tunstack.it.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.it.support.NamespaceFixture;
import io.tunstack.it.support.Ping;
import io.tunstack.it.support.PingResult;
import io.tunstack.it.support.TunstackCounters;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --answer} with both families mixed: an IPv4 address, an IPv6 address, an IPv6 range and an IPv6 CIDR. Each
 * of them answers; an address of the subnet left out stays silent though tunstack sees its requests. (ping picks the
 * family from the address literal.)
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class AnswerSetIT {

    @RegisterExtension
    static final NamespaceFixture fixture = NamespaceFixture.named("answer").withTunstack("--answer",
            "172.21.22.26,fd00:172:21:22::26,fd00:172:21:22::30-fd00:172:21:22::40,fd00:172:21:22::80/122");

    /** The IPv4 address; the IPv6 address; both ends and the middle of the range; both ends of the /122. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"172.21.22.26", "fd00:172:21:22::26", "fd00:172:21:22::30", "fd00:172:21:22::35",
        "fd00:172:21:22::40", "fd00:172:21:22::80", "fd00:172:21:22::bf"})
    void theAnsweredAddressesAnswer(String address) {
        PingResult ping = Ping.run(fixture.namespace(), "-c", "2", "-i", "0.2", "-W", "2", address);

        ping.assertAllAnsweredIntact(2);
    }

    /** Next to the IPv4 address, next to the IPv6 address, just past the range, just past the /122. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"172.21.22.27", "fd00:172:21:22::27", "fd00:172:21:22::41", "fd00:172:21:22::c0"})
    void anAddressLeftOutGetsFullLossThoughTunstackSeesItsRequests(String address) throws InterruptedException {
        TunstackCounters before = fixture.tunstack().counters();

        PingResult ping = Ping.run(fixture.namespace(), "-c", "2", "-i", "0.2", "-W", "1", address);

        TunstackCounters after = fixture.tunstack().counters();
        assertEquals(2, ping.transmitted(), ping.output());
        assertEquals(0, ping.received(), ping.output());
        assertTrue(after.packetsRead() - before.packetsRead() >= 2,
                () -> "the requests reach tunstack, which declines them: " + before + " -> " + after);
        assertEquals(before.answered(), after.answered(), () -> before + " -> " + after);
    }
}
