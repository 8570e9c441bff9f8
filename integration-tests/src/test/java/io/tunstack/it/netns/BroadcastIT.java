package io.tunstack.it.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tunstack.it.support.NamespaceFixture;
import io.tunstack.it.support.Ping;
import io.tunstack.it.support.PingResult;
import io.tunstack.it.support.TunstackProcess;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ping -b 172.21.22.255}: ignored by default, like Linux with icmp_echo_ignore_broadcasts=1, and answered with
 * {@code --answer-broadcast}.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class BroadcastIT {

    private static final String BROADCAST = "172.21.22.255";

    @RegisterExtension
    static final NamespaceFixture fixture = NamespaceFixture.named("broadcast");

    private static PingResult pingBroadcast(String... tunstackArgs) throws InterruptedException {
        try (TunstackProcess tunstack = TunstackProcess.startReady(fixture.namespace(), tunstackArgs)) {
            return Ping.run(fixture.namespace(), "-b", "-c", "2", "-i", "0.2", "-W", "1", BROADCAST);
        }
    }

    @Test
    void theBroadcastIsIgnoredByDefault() throws InterruptedException {
        PingResult ping = pingBroadcast();

        assertEquals(2, ping.transmitted(), ping.output());
        assertEquals(0, ping.received(), ping.output());
    }

    @Test
    void answerBroadcastAnswersIt() throws InterruptedException {
        PingResult ping = pingBroadcast("--answer-broadcast");

        assertEquals(2, ping.received(), ping.output());
    }
}
