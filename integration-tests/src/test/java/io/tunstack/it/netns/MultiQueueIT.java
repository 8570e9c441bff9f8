package io.tunstack.it.netns;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.it.support.NamespaceFixture;
import io.tunstack.it.support.Ping;
import io.tunstack.it.support.PingResult;
import io.tunstack.it.support.TunstackCounters;
import io.tunstack.it.support.TunstackProcess;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code --queues 2}: two device queues, two workers; a flood loses nothing, and the summary totals both queues and
 * lists each.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MultiQueueIT {

    @RegisterExtension
    static final NamespaceFixture fixture = NamespaceFixture.named("queues");

    @Test
    void twoQueuesAnswerAFloodAndTotalTheirCounters() throws InterruptedException {
        try (TunstackProcess tunstack = TunstackProcess.startReady(fixture.namespace(), "--queues", "2")) {
            assertTrue(tunstack.output().contains("2 queues"), tunstack.output());

            PingResult first = Ping.run(fixture.namespace(), "-f", "-l", "32", "-c", "5000", "172.21.22.26");
            PingResult second = Ping.run(fixture.namespace(), "-f", "-l", "32", "-c", "5000", "172.21.22.99");
            int exitCode = tunstack.stop("TERM");

            TunstackCounters summary = tunstack.summary();
            assertAll(
                    () -> assertEquals(5000, first.received(), first.output()),
                    () -> assertEquals(5000, second.received(), second.output()),
                    () -> assertEquals(0, exitCode, tunstack.output()),
                    () -> assertEquals(10_000, summary.answered(), tunstack.output()),
                    () -> assertEquals(10_000, summary.packetsWritten(), tunstack.output()),
                    () -> assertTrue(tunstack.output().contains("  queue 0: "), tunstack.output()),
                    () -> assertTrue(tunstack.output().contains("  queue 1: "), tunstack.output()));
        }
    }

    /**
     * Fragmented IPv6 both ways over two queues: the kernel spreads flows over the queues by hash, and every fragment
     * of one packet shares its flow's hash (addresses and flow label; fragments have no ports), so each queue's
     * reassembler sees whole packets.
     */
    @Test
    void twoQueuesReassembleAndFragmentIpv6() throws InterruptedException {
        try (TunstackProcess tunstack = TunstackProcess.startReady(fixture.namespace(), "--queues", "2")) {
            PingResult first = Ping.ipv6(fixture.namespace(), "-c", "10", "-i", "0.05", "-W", "2", "-s", "4000",
                    "fd00:172:21:22::26");
            PingResult second = Ping.ipv6(fixture.namespace(), "-c", "10", "-i", "0.05", "-W", "2", "-s", "4000",
                    "fd00:172:21:22::99");

            first.assertAllAnsweredIntact(10);
            second.assertAllAnsweredIntact(10);
            assertEquals(0, tunstack.stop("TERM"), tunstack.output());
        }
    }
}
