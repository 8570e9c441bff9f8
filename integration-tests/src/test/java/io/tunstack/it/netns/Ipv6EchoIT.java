package io.tunstack.it.netns;

import io.tunstack.it.support.NamespaceFixture;
import io.tunstack.it.support.Ping;
import io.tunstack.it.support.PingResult;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * tunstack with its defaults answers {@code ping -6} for fd00:172:21:22::26: every reply, every size, byte for byte,
 * under a flood. iputils ping checks that each reply carries the request's identifier, sequence and data ("wrong
 * data byte" otherwise).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class Ipv6EchoIT {

    private static final String ANSWERED = "fd00:172:21:22::26";

    @RegisterExtension
    static final NamespaceFixture fixture = NamespaceFixture.named("echo6").withTunstack();

    @Test
    void fourPingsGetFourReplies() {
        PingResult ping = Ping.ipv6(fixture.namespace(), "-c", "4", "-W", "2", ANSWERED);

        ping.assertAllAnsweredIntact(4);
    }

    /**
     * 0 (no timestamp), 1, the default 56, and 1452: 1452 + 8 (ICMPv6) + 40 (IPv6) = 1500, the MTU. Then fragmented
     * both ways (RFC 8200 4.5, a Fragment header in each piece): 1453 (two fragments), 4000, and 65000, close to the
     * largest payload of a packet without a jumbogram (65535 - 8).
     */
    @ParameterizedTest(name = "ping -6 -s {0}")
    @ValueSource(ints = {0, 1, 56, 1452, 1453, 4000, 65000})
    void everyPayloadSizeIsAnswered(int size) {
        PingResult ping = Ping.ipv6(fixture.namespace(),
                "-c", "2", "-i", "0.2", "-W", "2", "-s", Integer.toString(size), ANSWERED);

        ping.assertAllAnsweredIntact(2);
    }

    /** As {@link EchoIT#aFloodOf20000PingsLosesNone()}: without {@code -w}, so that exactly 20000 go out. */
    @Test
    void aFloodOf20000PingsLosesNone() {
        PingResult ping = Ping.ipv6(fixture.namespace(), "-f", "-l", "64", "-c", "20000", ANSWERED);

        ping.assertAllAnsweredIntact(20_000);
    }
}
