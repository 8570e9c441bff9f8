package io.tunstack.stack.address;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class IpAddressTest {

    @Test
    void parsesEitherFamilyByItsText() {
        IpAddress v4 = IpAddress.parse("172.21.22.23");
        assertEquals(IpFamily.IPV4, v4.family());
        assertTrue(v4.isIpv4());
        assertFalse(v4.isIpv6());
        assertEquals(0xAC151617, v4.ipv4());
        assertEquals(0, v4.high());
        assertEquals(0xAC151617L, v4.low(), "unsigned in the low long");
        IpAddress v6 = IpAddress.parse("fd00:172:21:22::23");
        assertEquals(IpFamily.IPV6, v6.family());
        assertTrue(v6.isIpv6());
        assertEquals(0xfd00_0172_0021_0022L, v6.high());
        assertEquals(0x23, v6.low());
        assertThrows(IllegalStateException.class, v6::ipv4);
        assertThrows(IllegalArgumentException.class, () -> IpAddress.parse("172.21.22"));
        assertThrows(IllegalArgumentException.class, () -> IpAddress.parse("fd00::g"));
        assertThrows(NullPointerException.class, () -> IpAddress.parse(null));
    }

    @Test
    void theSameBitsInTwoFamiliesAreTwoAddresses() {
        IpAddress v4 = IpAddress.ofIpv4(1);
        IpAddress v6 = IpAddress.ofIpv6(0, 1);
        assertNotEquals(v4, v6);
        assertNotEquals(0, v4.compareTo(v6));
        assertEquals(IpAddress.of(IpFamily.IPV4, 0, 1), v4);
        assertEquals(IpAddress.of(IpFamily.IPV6, 0, 1), v6);
        assertEquals("0.0.0.1", v4.toString());
        assertEquals("::1", v6.toString());
    }

    @Test
    void equalValuesAreEqualWithEqualHashes() {
        assertEquals(IpAddress.parse("fd00::1"), IpAddress.parse("fd00:0:0:0:0:0:0:0001"));
        assertEquals(IpAddress.parse("fd00::1").hashCode(), IpAddress.parse("fd00:0:0:0:0:0:0:0001").hashCode());
        assertEquals(IpAddress.ofIpv4(-1), IpAddress.parse("255.255.255.255"));
        assertNotEquals(IpAddress.parse("fd00::1"), IpAddress.parse("fd00::2"));
        assertNotEquals(IpAddress.parse("fd00::1"), IpAddress.parse("fd01::1"));
        assertNotEquals(IpAddress.parse("fd00::1"), "fd00::1");
    }

    @Test
    void ordersIpv4FirstThenNumericallyUnsigned() {
        List<IpAddress> addresses = new ArrayList<>(List.of(IpAddress.parse("ffff::"), IpAddress.parse("::1"),
                IpAddress.parse("255.255.255.255"), IpAddress.parse("8000::"), IpAddress.parse("0.0.0.0"),
                IpAddress.parse("128.0.0.0"), IpAddress.parse("::ffff:ffff:ffff:ffff"), IpAddress.parse("0:0:0:1::")));
        Collections.sort(addresses);
        assertEquals("[0.0.0.0, 128.0.0.0, 255.255.255.255, ::1, ::ffff:ffff:ffff:ffff, 0:0:0:1::, 8000::, ffff::]",
                addresses.toString());
    }

    @Test
    void plusWrapsWithinTheFamily() {
        assertEquals(IpAddress.parse("172.21.22.24"), IpAddress.parse("172.21.22.23").plus(1));
        assertEquals(IpAddress.parse("172.21.21.255"), IpAddress.parse("172.21.22.0").plus(-1));
        assertEquals(IpAddress.parse("0.0.0.0"), IpAddress.parse("255.255.255.255").plus(1));
        assertEquals(IpAddress.parse("255.255.255.255"), IpAddress.parse("0.0.0.0").plus(-1));
        assertEquals(IpAddress.parse("fd00::24"), IpAddress.parse("fd00::23").plus(1));
        // Carries and borrows cross from the low long into the high one.
        assertEquals(IpAddress.parse("fd00:0:0:1::"), IpAddress.parse("fd00::ffff:ffff:ffff:ffff").plus(1));
        assertEquals(IpAddress.parse("fd00::ffff:ffff:ffff:ffff"), IpAddress.parse("fd00:0:0:1::").plus(-1));
        assertEquals(IpAddress.parse("::"), IpAddress.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff").plus(1));
        assertEquals(IpAddress.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), IpAddress.parse("::").plus(-1));
        assertEquals(IpAddress.parse("::8000:0:0:0"), IpAddress.parse("::7fff:ffff:ffff:ffff").plus(1),
                "no carry where the low long only turns negative");
    }

    @Property
    void plusThenMinusIsIdentity(@ForAll long high, @ForAll long low, @ForAll long delta) {
        IpAddress address = IpAddress.ofIpv6(high, low);
        if (delta != Long.MIN_VALUE) {
            assertEquals(address, address.plus(delta).plus(-delta));
        }
    }

    @Property
    void textRoundTripsInBothFamilies(@ForAll int v4, @ForAll long high, @ForAll long low) {
        assertEquals(IpAddress.ofIpv4(v4), IpAddress.parse(IpAddress.ofIpv4(v4).toString()));
        assertEquals(IpAddress.ofIpv6(high, low), IpAddress.parse(IpAddress.ofIpv6(high, low).toString()));
    }

    @Test
    void familiesKnowTheirVersionAndWidth() {
        assertEquals(4, IpFamily.IPV4.version());
        assertEquals(32, IpFamily.IPV4.addressBits());
        assertEquals(6, IpFamily.IPV6.version());
        assertEquals(128, IpFamily.IPV6.addressBits());
        assertEquals("IPv4", IpFamily.IPV4.toString());
        assertEquals("IPv6", IpFamily.IPV6.toString());
    }

    @Test
    void bytesRoundTripInBothFamilies() {
        for (String text : new String[] {"172.21.22.23", "0.0.0.0", "255.255.255.255", "fd00:172:21:22::23", "::1",
            "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"}) {
            IpAddress address = IpAddress.parse(text);
            assertEquals(address, IpAddress.fromBytes(address.toBytes()), text);
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(new byte[] {(byte) 172, 21, 22, 23},
                IpAddress.parse("172.21.22.23").toBytes());
    }
}
