package io.tunstack.it.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.it.support.NetworkNamespace;
import io.tunstack.it.support.Ping;
import io.tunstack.it.support.PingResult;
import io.tunstack.it.support.Prerequisites;
import io.tunstack.it.support.TunstackCounters;
import io.tunstack.it.support.TunstackProcess;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code --answer 172.21.22.26}: that address answers, and another address of the subnet stays silent. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class AnswerSetIT {

    private static NetworkNamespace namespace;
    private static TunstackProcess tunstack;

    @BeforeAll
    static void startTunstack() throws InterruptedException {
        Prerequisites.requireNetworkNamespaces();
        namespace = NetworkNamespace.create("answer");
        tunstack = TunstackProcess.startReady(namespace, "--answer", "172.21.22.26");
    }

    @AfterAll
    static void stopTunstack() {
        try {
            if (tunstack != null) {
                tunstack.close();
            }
        } finally {
            if (namespace != null) {
                namespace.close();
            }
        }
    }

    @Test
    void theAnsweredAddressAnswers() {
        PingResult ping = Ping.run(namespace, "-c", "2", "-i", "0.2", "-W", "2", "172.21.22.26");

        assertEquals(2, ping.received(), ping.output());
    }

    @Test
    void anAddressLeftOutGetsFullLossThoughTunstackSeesItsRequests() throws InterruptedException {
        TunstackCounters before = tunstack.counters();

        PingResult ping = Ping.run(namespace, "-c", "2", "-i", "0.2", "-W", "1", "172.21.22.27");

        TunstackCounters after = tunstack.counters();
        assertEquals(2, ping.transmitted(), ping.output());
        assertEquals(0, ping.received(), ping.output());
        assertTrue(after.packetsRead() - before.packetsRead() >= 2,
                () -> "the requests reach tunstack, which declines them: " + before + " -> " + after);
        assertEquals(before.echoReplies(), after.echoReplies(), () -> before + " -> " + after);
    }
}
