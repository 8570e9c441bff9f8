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

/** tunstack with its defaults answers ping for 172.21.22.26: every reply, every size, byte for byte, under a flood. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EchoIT {

    private static final String ANSWERED = "172.21.22.26";

    @RegisterExtension
    static final NamespaceFixture fixture = NamespaceFixture.named("echo").withTunstack();

    @Test
    void fourPingsGetFourReplies() {
        PingResult ping = Ping.run(fixture.namespace(), "-c", "4", "-W", "2", ANSWERED);

        ping.assertAllAnsweredIntact(4);
    }

    /**
     * 0 (no timestamp), 1, the default 56, 1400, and 1472: 1472 + 8 + 20 = 1500, the MTU. Then fragmented both ways:
     * 1473 (two fragments), 4000, and 65507, the largest ICMP payload of an IPv4 datagram (65535 - 20 - 8).
     */
    @ParameterizedTest(name = "ping -s {0}")
    @ValueSource(ints = {0, 1, 56, 1400, 1472, 1473, 4000, 65507})
    void everyPayloadSizeIsAnswered(int size) {
        PingResult ping = Ping.run(fixture.namespace(),
                "-c", "2", "-i", "0.2", "-W", "2", "-s", Integer.toString(size), ANSWERED);

        ping.assertAllAnsweredIntact(2);
    }

    /**
     * Without {@code -w}: with a deadline, ping keeps sending until it has {@code -c} replies and counts the up to 64
     * requests still in flight as lost (20063 transmitted, 20000 received). Without it, ping sends exactly 20000 and
     * waits for the last replies; {@link Ping} bounds the run instead.
     */
    @Test
    void aFloodOf20000PingsLosesNone() {
        PingResult ping = Ping.run(fixture.namespace(), "-f", "-l", "64", "-c", "20000", ANSWERED);

        ping.assertAllAnsweredIntact(20_000);
    }
}
