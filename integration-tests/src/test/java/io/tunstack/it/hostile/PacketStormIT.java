package io.tunstack.it.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.it.support.NetworkNamespace;
import io.tunstack.it.support.Ping;
import io.tunstack.it.support.PingResult;
import io.tunstack.it.support.Prerequisites;
import io.tunstack.it.support.TunstackCounters;
import io.tunstack.it.support.TunstackProcess;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A storm of a few thousand invalid packets (random, and valid requests mutated) injected into tun0: none may get
 * an echo reply, every one must be counted as a drop, and afterwards the process is alive and a real ping is
 * answered. The seed is in every failure message, so a failing storm can be replayed.
 */
class PacketStormIT {

    private static final int STORM_SIZE = 4000;
    /** Two seconds of storm: fast for a test, slow enough that tun0's 500-packet queue keeps up on a busy machine. */
    private static final int PACKETS_PER_SECOND = 2000;

    @Test
    void invalidPacketsAreDroppedAndCountedAndPingStillWorks() throws Exception {
        Prerequisites.requireNetworkNamespaces();
        Injector.requireAvailable();
        long seed = Long.getLong("tunstack.storm.seed", System.nanoTime());
        List<byte[]> storm = PacketStorm.generate(seed, STORM_SIZE);
        String replay = " (replay with -Dtunstack.storm.seed=" + seed + ")";

        try (NetworkNamespace namespace = NetworkNamespace.create("storm")) {
            namespace.disableIpv6();
            try (TunstackProcess tunstack = TunstackProcess.startReady(namespace)) {
                Injector.Report report = new Injector(namespace).inject(storm, Duration.ofSeconds(1),
                    PACKETS_PER_SECOND);

                // The kernel may drop a few packets when tun0's queue is full (tunstack descheduled on a loaded
                // machine): those never reach tunstack and are not its drops. Most of the storm must get through.
                assertEquals(List.of(), report.errors(), "the kernel refused to send some storm packets" + replay);
                int delivered = report.sent() - report.queueDropped();
                assertTrue(report.queueDropped() >= 0 && delivered >= STORM_SIZE * 9 / 10,
                    "tun0's queue dropped " + report.queueDropped() + " of " + STORM_SIZE + replay);
                // RFC 1122 3.2.1.2: "silently discard every datagram that has a bad checksum"; PacketStorm checks
                // that every packet breaks such a rule.
                assertEquals(List.of(), report.echoReplies(), "no invalid packet may be answered" + replay);
                assertTrue(tunstack.process().isAlive(), "tunstack survives the storm" + replay);

                TunstackCounters afterStorm = tunstack.counters();
                assertTrue(afterStorm.dropped() >= delivered, "every storm packet tunstack read is counted as a drop ("
                    + delivered + " delivered): " + afterStorm + replay + "\n" + tunstack.output());

                PingResult ping = Ping.run(namespace, "-c", "3", "-i", "0.2", "-W", "2",
                    Ipv4Addresses.text(Ipv4Addresses.RESPONDER));
                assertEquals(3, ping.received(), "a normal ping is answered after the storm" + replay + "\n"
                    + ping.output());
                assertFalse(ping.hasWrongData() || ping.hasDuplicates(), ping.output());

                assertEquals(0, tunstack.stop("TERM"), "exit status after SIGTERM" + replay);
                TunstackCounters summary = tunstack.summary();
                assertEquals(afterStorm.dropped(), summary.dropped(), "the ping adds no drop");
                assertTrue(summary.echoReplies() >= 3, "the ping's replies are counted: " + summary);
            }
        }
    }
}
