package io.tunstack.it.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.it.support.NamespaceFixture;
import io.tunstack.it.support.Ping;
import io.tunstack.it.support.PingResult;
import io.tunstack.it.support.TunstackCounters;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code --answer 172.21.22.26}: that address answers, and another address of the subnet stays silent. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class AnswerSetIT {

    @RegisterExtension
    static final NamespaceFixture fixture = NamespaceFixture.named("answer").withTunstack("--answer", "172.21.22.26");

    @Test
    void theAnsweredAddressAnswers() {
        PingResult ping = Ping.run(fixture.namespace(), "-c", "2", "-i", "0.2", "-W", "2", "172.21.22.26");

        assertEquals(2, ping.received(), ping.output());
    }

    @Test
    void anAddressLeftOutGetsFullLossThoughTunstackSeesItsRequests() throws InterruptedException {
        TunstackCounters before = fixture.tunstack().counters();

        PingResult ping = Ping.run(fixture.namespace(), "-c", "2", "-i", "0.2", "-W", "1", "172.21.22.27");

        TunstackCounters after = fixture.tunstack().counters();
        assertEquals(2, ping.transmitted(), ping.output());
        assertEquals(0, ping.received(), ping.output());
        assertTrue(after.packetsRead() - before.packetsRead() >= 2,
                () -> "the requests reach tunstack, which declines them: " + before + " -> " + after);
        assertEquals(before.answered(), after.answered(), () -> before + " -> " + after);
    }
}
