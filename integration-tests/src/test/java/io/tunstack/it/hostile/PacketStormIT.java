package io.tunstack.it.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.it.support.NamespaceFixture;
import io.tunstack.it.support.NetworkNamespace;
import io.tunstack.it.support.Ping;
import io.tunstack.it.support.PingResult;
import io.tunstack.it.support.TunstackCounters;
import io.tunstack.it.support.TunstackProcess;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A storm of a few thousand invalid packets (random, and valid requests mutated) injected into tun0: none may get
 * an echo reply, every one must be counted as a drop, and afterwards the process is alive and a real ping is
 * answered. The seed is in every failure message, so a failing storm can be replayed.
 *
 * <p>The storm goes in steps smaller than tun0's queue (500 packets), each sent once tunstack has read the one
 * before (its counters say so): the kernel drops what overflows the queue, and tunstack runs with paranoid leak
 * detection, which makes it slow. One sniffer listens from the first packet to the last reply.
 */
class PacketStormIT {

    private static final int STORM_SIZE = 4000;
    private static final int STEP = 400;
    private static final Duration CATCH_UP = Duration.ofSeconds(60);

    @RegisterExtension
    static final NamespaceFixture fixture = NamespaceFixture.named("storm")
            .requiring(Injector::requireAvailable)
            .configuring(NetworkNamespace::disableIpv6)
            .withTunstack();

    @Test
    void invalidPacketsAreDroppedAndCountedAndPingStillWorks() throws Exception {
        long seed = Long.getLong("tunstack.storm.seed", System.nanoTime());
        assertStormIsDroppedAndPingStillWorks(fixture, PacketStorm.generate(seed, STORM_SIZE), seed,
            () -> Ping.ipv4(fixture.namespace(), "-c", "3", "-i", "0.2", "-W", "2",
                Ipv4Addresses.text(Ipv4Addresses.RESPONDER)),
            true);
    }

    /**
     * Injects the storm into the shared tunstack of {@code fixture} in steps, then runs {@code ping} (three requests)
     * and stops tunstack: no storm packet answered, every one counted as a drop, the ping answered, no leak.
     *
     * @param onlyStormDrops whether every drop must be the storm's: false where IPv6 is on and the kernel's own
     *     link chatter adds drops at any time
     */
    static void assertStormIsDroppedAndPingStillWorks(NamespaceFixture fixture, List<byte[]> storm, long seed,
        Supplier<PingResult> ping, boolean onlyStormDrops) throws Exception {
        String replay = " (replay with -Dtunstack.storm.seed=" + seed + ")";
        TunstackProcess tunstack = fixture.tunstack();
        long readBefore = tunstack.counters().packetsRead();

        try (Injector.Session injection = new Injector(fixture.namespace()).open(Duration.ofSeconds(1))) {
            TunstackCounters afterStorm = null;
            for (int from = 0; from < storm.size(); from += STEP) {
                injection.send(storm.subList(from, Math.min(from + STEP, storm.size())));
                afterStorm = awaitPacketsRead(tunstack, readBefore + Math.min(from + STEP, storm.size()), replay);
            }
            Injector.Report report = injection.finish();

            assertTrue(report.allDelivered(), "every storm packet reached tunstack and every answer the sniffer: "
                + report.errors() + ", " + report.queueDropped() + " dropped by tun0's queue, "
                + report.sniffDropped() + " lost by the sniffer" + replay);
            // RFC 1122 3.2.1.2: "silently discard every datagram that has a bad checksum", RFC 4443 2.3 likewise
            // for ICMPv6; PacketStorm checks that every packet breaks such a rule.
            assertEquals(List.of(), report.echoReplies(), "no invalid packet may be answered" + replay);
            assertEquals(0, afterStorm.answered(), "tunstack counted no echo reply" + replay);
            assertTrue(afterStorm.dropped() >= storm.size(), "every storm packet is counted as a drop: "
                + afterStorm + replay);
            assertTrue(tunstack.process().isAlive(), "tunstack survives the storm" + replay);

            PingResult after = ping.get();
            assertEquals(3, after.received(), "a normal ping is answered after the storm" + replay + "\n"
                + after.output());
            assertFalse(after.hasWrongData() || after.hasDuplicates(), after.output());

            assertEquals(0, tunstack.stop("TERM"), "exit status after SIGTERM" + replay);
            TunstackCounters summary = tunstack.summary();
            if (onlyStormDrops) {
                assertEquals(afterStorm.dropped(), summary.dropped(), "the ping adds no drop");
            }
            assertEquals(3, summary.answered(), "the ping's three replies are counted: " + summary);
            assertFalse(tunstack.output().contains("LEAK:"), "no buffer leaks on the hostile paths" + replay
                + "\n" + tunstack.output());
        }
    }

    /** Waits until tunstack has read {@code count} packets, and returns its counters then. */
    private static TunstackCounters awaitPacketsRead(TunstackProcess tunstack, long count, String replay)
        throws InterruptedException {
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        while (true) {
            TunstackCounters counters = tunstack.counters();
            if (counters.packetsRead() >= count) {
                return counters;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("tunstack read " + counters.packetsRead() + " of " + count
                    + " storm packets within " + CATCH_UP + replay);
            }
            Thread.sleep(50);
        }
    }
}
