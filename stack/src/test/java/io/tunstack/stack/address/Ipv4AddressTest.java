package io.tunstack.stack.address;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Ipv4AddressTest {

    @Test
    void parsesAndFormatsDottedQuads() {
        assertEquals(0xAC15161A, Ipv4Address.parse("172.21.22.26"));
        assertEquals(0, Ipv4Address.parse("0.0.0.0"));
        assertEquals(0xFFFFFFFF, Ipv4Address.parse("255.255.255.255"));
        assertEquals("172.21.22.26", Ipv4Address.format(0xAC15161A));
        assertEquals("255.255.255.255", Ipv4Address.format(-1));
    }

    @Property
    void formatThenParseIsIdentity(@ForAll int address) {
        assertEquals(address, Ipv4Address.parse(Ipv4Address.format(address)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.-4", "1..2.3", ".1.2.3", "1.2.3.4.",
        "a.b.c.d", "1.2.3.4 ", " 1.2.3.4", "1.2.3.0004", "1.2.3.4/24"})
    void rejectsMalformedText(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ipv4Address.parse(text));
        assertTrue(e.getMessage().contains("expected"), e.getMessage());
    }

    @Test
    void classifies() {
        assertTrue(Ipv4Address.isUnspecified(0));
        assertTrue(Ipv4Address.isThisNetwork(Ipv4Address.parse("0.1.2.3")));
        assertTrue(Ipv4Address.isLoopback(Ipv4Address.parse("127.255.0.1")));
        assertFalse(Ipv4Address.isLoopback(Ipv4Address.parse("128.0.0.1")));
        assertTrue(Ipv4Address.isMulticast(Ipv4Address.parse("224.0.0.1")));
        assertTrue(Ipv4Address.isMulticast(Ipv4Address.parse("239.255.255.255")));
        assertFalse(Ipv4Address.isMulticast(Ipv4Address.parse("240.0.0.1")));
        assertTrue(Ipv4Address.isClassE(Ipv4Address.parse("240.0.0.1")));
        assertTrue(Ipv4Address.isLimitedBroadcast(-1));
        assertFalse(Ipv4Address.isClassE(Ipv4Address.parse("172.21.22.26")));
    }

    @Test
    void subnetArithmetic() {
        int own = Ipv4Address.parse("172.21.22.23");
        assertEquals(Ipv4Address.parse("255.255.255.0"), Ipv4Address.netmask(24));
        assertEquals(0, Ipv4Address.netmask(0));
        assertEquals(-1, Ipv4Address.netmask(32));
        assertEquals(Ipv4Address.parse("172.21.22.0"), Ipv4Address.network(own, 24));
        assertEquals(Ipv4Address.parse("172.21.22.255"), Ipv4Address.subnetBroadcast(own, 24));
        assertEquals(Ipv4Address.parse("172.21.23.255"), Ipv4Address.subnetBroadcast(own, 23));
        assertEquals(Ipv4Address.LIMITED_BROADCAST, Ipv4Address.subnetBroadcast(own, 31), "/31 has no broadcast");
        assertTrue(Ipv4Address.inSubnet(Ipv4Address.parse("172.21.22.200"), own, 24));
        assertFalse(Ipv4Address.inSubnet(Ipv4Address.parse("172.21.23.1"), own, 24));
        assertThrows(IllegalArgumentException.class, () -> Ipv4Address.netmask(33));
    }
}
