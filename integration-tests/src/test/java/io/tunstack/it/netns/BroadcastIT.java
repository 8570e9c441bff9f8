package io.tunstack.it.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tunstack.it.support.NetworkNamespace;
import io.tunstack.it.support.Ping;
import io.tunstack.it.support.PingResult;
import io.tunstack.it.support.Prerequisites;
import io.tunstack.it.support.TunstackProcess;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code ping -b 172.21.22.255}: ignored by default, like Linux with icmp_echo_ignore_broadcasts=1, and answered with
 * {@code --answer-broadcast}.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class BroadcastIT {

    private static final String BROADCAST = "172.21.22.255";

    private static NetworkNamespace namespace;

    @BeforeAll
    static void createNamespace() {
        Prerequisites.requireNetworkNamespaces();
        namespace = NetworkNamespace.create("broadcast");
    }

    @AfterAll
    static void deleteNamespace() {
        if (namespace != null) {
            namespace.close();
        }
    }

    private static PingResult pingBroadcast(String... tunstackArgs) throws InterruptedException {
        try (TunstackProcess tunstack = TunstackProcess.startReady(namespace, tunstackArgs)) {
            return Ping.run(namespace, "-b", "-c", "2", "-i", "0.2", "-W", "1", BROADCAST);
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
