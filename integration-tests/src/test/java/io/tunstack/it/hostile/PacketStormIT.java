package io.tunstack.it.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A storm of a few thousand invalid packets (random, and valid requests mutated) injected into tun0: none may get
 * an echo reply, every one must be counted as a drop, and afterwards the process is alive and a real ping is
 * answered. The seed is printed in every failure message, so a failing storm can be replayed.
 */
class PacketStormIT {

    private static final int STORM_SIZE = 4000;

    @Test
    void invalidPacketsAreDroppedAndCountedAndPingStillWorks() throws Exception {
        HostilePrerequisites.check();
        long seed = Long.getLong("tunstack.storm.seed", System.nanoTime());
        List<byte[]> storm = PacketStorm.generate(seed, STORM_SIZE);
        String replay = " (replay with -Dtunstack.storm.seed=" + seed + ")";

        try (NetworkNamespace namespace = NetworkNamespace.create("storm");
             TunstackProcess tunstack = TunstackProcess.start(namespace, "storm")) {
            Injector.Report report = new Injector(namespace).inject(storm, Duration.ofSeconds(1));

            assertTrue(report.allDelivered(), "every storm packet must reach tunstack: " + report.errors().size()
                + " refused, " + report.queueDropped() + " dropped by tun0's queue" + replay);
            assertEquals(List.of(), report.echoReplies(),
                "RFC 1122 3.2.1.2: \"silently discard every datagram that has a bad checksum\": no invalid "
                    + "packet may be answered" + replay);
            assertTrue(tunstack.isAlive(), "tunstack survives the storm" + replay + "\n" + tunstack.output());

            NetworkNamespace.Result ping = namespace.exec(Duration.ofSeconds(30),
                "ping", "-c", "3", "-i", "0.2", "-W", "2", Ipv4Addresses.text(Ipv4Addresses.RESPONDER));
            assertTrue(ping.output().contains("3 packets transmitted, 3 received"),
                "a normal ping is answered after the storm" + replay + ":\n" + ping.output());

            ExitSummary summary = tunstack.stop();
            assertTrue(summary.droppedTotal() >= STORM_SIZE,
                "every storm packet is counted as a drop: " + summary.droppedTotal() + " < " + STORM_SIZE
                    + " (" + summary.drops() + ")" + replay + "\n" + summary);
        }
    }
}
