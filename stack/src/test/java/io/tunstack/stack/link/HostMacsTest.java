package io.tunstack.stack.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.stack.address.IpAddress;
import io.tunstack.stack.address.Ipv4Address;
import io.tunstack.stack.address.Ipv6Address;
import io.tunstack.stack.LeakDetection;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The derived MACs of the documentation, a profile's {@code mac}, which MACs are hosts', which hosts are up. */
@ExtendWith(LeakDetection.class)
class HostMacsTest {

    private static final long PREFIX = 0xfd00_0172_0021_0022L;

    private final LinkFixture fixture = new LinkFixture(0, "172.21.22.30 mac 02:11:22:33:44:55",
            "172.21.22.31 down", "fd00:172:21:22::31 flap 10s 5s");
    private final HostMacs macs = fixture.macs;

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void theDocumentedDerivedMacs() {
        assertEquals("02:54:ac:15:16:1a", macs.macOf(IpAddress.parse("172.21.22.26")).toString());
        assertEquals("02:56:00:00:00:26", macs.macOf(IpAddress.parse("fd00:172:21:22::26")).toString());
        assertEquals("02:54:ac:15:16:1a", macs.macOfIpv4(Ipv4Address.parse("172.21.22.26")).toString());
        long[] v6 = Ipv6Address.parse("fd00:172:21:22::26");
        assertEquals("02:56:00:00:00:26", macs.macOfIpv6(v6[0], v6[1]).toString());
        assertTrue(macs.macOf(IpAddress.parse("172.21.22.26")).isLocallyAdministered());
        assertFalse(macs.macOf(IpAddress.parse("172.21.22.26")).isMulticast());
    }

    @Test
    void aProfileMacReplacesTheDerivedOne() {
        int host = Ipv4Address.parse("172.21.22.30");
        assertEquals(0x021122334455L, macs.macBitsOfIpv4(host));
        assertTrue(macs.isHostMac(0x021122334455L));
        assertFalse(macs.isHostMac(HostMacs.derivedIpv4(host)), "its derived MAC is nobody's now");
    }

    @Test
    void derivedMacsAreHostsOnlyForAnsweredAddresses() {
        assertTrue(macs.isHostMac(HostMacs.derivedIpv4(Ipv4Address.parse("172.21.22.26"))));
        assertFalse(macs.isHostMac(HostMacs.derivedIpv4(Ipv4Address.parse("172.21.22.23"))), "the kernel's own");
        assertFalse(macs.isHostMac(HostMacs.derivedIpv4(Ipv4Address.parse("172.21.22.99"))), "not answered");
        assertTrue(macs.isHostMac(HostMacs.derivedIpv6(0x26)), "IPv6 runs: 02:56 is taken");
        assertFalse(macs.isHostMac(0x001b213a4f10L), "a vendor's");
    }

    @Test
    void aHostThatIsDownAnswersNeitherArpNorNdp() {
        assertTrue(macs.isHostIpv4(Ipv4Address.parse("172.21.22.31")));
        assertFalse(macs.isUpIpv4(Ipv4Address.parse("172.21.22.31")));
        assertTrue(macs.isUpIpv4(Ipv4Address.parse("172.21.22.26")));
        assertFalse(macs.isUpIpv4(Ipv4Address.parse("172.21.22.23")), "the kernel's own is nobody's to answer");
        assertTrue(macs.isUpIpv6(PREFIX, 0x31), "a flap starts up");
        fixture.clock.advance(Duration.ofSeconds(10));
        assertFalse(macs.isUpIpv6(PREFIX, 0x31), "down from 10 s");
        assertTrue(macs.isHostIpv6(PREFIX, 0x31));
        fixture.clock.advance(Duration.ofSeconds(5));
        assertTrue(macs.isUpIpv6(PREFIX, 0x31), "up again from 15 s");
    }
}
