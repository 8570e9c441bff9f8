package io.tunstack.it.hostile;

import io.tunstack.it.support.NamespaceFixture;
import io.tunstack.it.support.Ping;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The IPv6 storm ({@link PacketStorm#generateIpv6}) against tunstack with its defaults, judged as
 * {@link PacketStormIT} judges the IPv4 one: answered 0 times, every packet counted as a drop, and {@code ping -6}
 * answered afterwards. IPv6 is on in this namespace, so the kernel's link chatter adds drops of its own.
 */
class Ipv6PacketStormIT {

    private static final int STORM_SIZE = 4000;

    @RegisterExtension
    static final NamespaceFixture fixture = NamespaceFixture.named("storm6")
            .requiring(Injector::requireAvailable)
            .withTunstack();

    @Test
    void invalidPacketsAreDroppedAndCountedAndPingStillWorks() throws Exception {
        long seed = Long.getLong("tunstack.storm.seed", System.nanoTime());
        PacketStormIT.assertStormIsDroppedAndPingStillWorks(fixture, PacketStorm.generateIpv6(seed, STORM_SIZE), seed,
            () -> Ping.ipv6(fixture.namespace(), "-c", "3", "-i", "0.2", "-W", "2",
                Ipv6Addresses.text(Ipv6Addresses.RESPONDER)),
            false);
    }
}
