package io.tunstack.stack.address;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class InterfaceAddressTest {

    private static IpAddress ip(String text) {
        return IpAddress.parse(text);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // RFC 1122 3.2.1.3: the network and broadcast addresses are not hosts.
        "172.21.22.23/24 | 172.21.22.0 | 172.21.22.255 | 172.21.22.1-172.21.22.254",
        "172.21.22.23/16 | 172.21.0.0 | 172.21.255.255 | 172.21.0.1-172.21.255.254",
        // RFC 3021: a /31 has two hosts and no broadcast.
        "10.0.0.1/31 | 10.0.0.0 | 10.0.0.1 | 10.0.0.0-10.0.0.1",
        "10.0.0.7/32 | 10.0.0.7 | 10.0.0.7 | 10.0.0.7",
        "10.0.0.7/0 | 0.0.0.0 | 255.255.255.255 | 0.0.0.1-255.255.255.254",
        // IPv6 has no broadcast: every address of the prefix.
        "fd00:172:21:22::23/64 | fd00:172:21:22:: | fd00:172:21:22:ffff:ffff:ffff:ffff"
                + " | fd00:172:21:22::1-fd00:172:21:22:ffff:ffff:ffff:ffff",
        "fd00:172:21:22::23/120 | fd00:172:21:22:: | fd00:172:21:22::ff | fd00:172:21:22::1-fd00:172:21:22::ff",
        "fd00:172:21:22::23/48 | fd00:172:21:: | fd00:172:21:ffff:ffff:ffff:ffff:ffff"
                + " | fd00:172:21::1-fd00:172:21:ffff:ffff:ffff:ffff:ffff",
        "fd00:172:21:22::23/128 | fd00:172:21:22::23 | fd00:172:21:22::23 | fd00:172:21:22::23",
        "fd00:172:21:22::23/0 | :: | ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"
                + " | ::1-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
    })
    void networkLastAndHosts(String text, String network, String last, String hosts) {
        InterfaceAddress address = InterfaceAddress.parse(text);
        assertEquals(text, address.toString());
        assertEquals(ip(network), address.network());
        assertEquals(ip(last), address.last());
        assertEquals(hosts, address.hosts().toString());
        assertTrue(address.contains(address.address()));
        assertTrue(address.contains(address.network()));
        assertTrue(address.contains(address.last()));
    }

    @Test
    void ipv4SubnetBroadcastIsLinuxs() {
        assertEquals(Ipv4Address.parse("172.21.22.255"),
                InterfaceAddress.parse("172.21.22.23/24").ipv4SubnetBroadcast());
        assertEquals(Ipv4Address.parse("10.255.255.255"), InterfaceAddress.parse("10.1.2.3/8").ipv4SubnetBroadcast());
        // /31 (RFC 3021) and /32 have no subnet broadcast; Linux gives them the limited broadcast.
        assertEquals(Ipv4Address.LIMITED_BROADCAST, InterfaceAddress.parse("10.0.0.0/31").ipv4SubnetBroadcast());
        assertEquals(Ipv4Address.LIMITED_BROADCAST, InterfaceAddress.parse("10.0.0.7/32").ipv4SubnetBroadcast());
    }

    @Test
    void containsOnlyItsPrefixOfItsFamily() {
        InterfaceAddress v4 = InterfaceAddress.parse("172.21.22.23/24");
        assertTrue(v4.contains(ip("172.21.22.200")));
        assertFalse(v4.contains(ip("172.21.23.0")));
        assertFalse(v4.contains(ip("172.21.21.255")));
        assertFalse(v4.contains(ip("::ac15:1617")));
        InterfaceAddress v6 = InterfaceAddress.parse("fd00:172:21:22::23/64");
        assertTrue(v6.contains(ip("fd00:172:21:22:1:2:3:4")));
        assertFalse(v6.contains(ip("fd00:172:21:23::")));
        assertFalse(v6.contains(ip("172.21.22.23")));
        assertEquals(IpFamily.IPV6, v6.family());
        assertEquals(IpFamily.IPV4, v4.family());
    }

    @Test
    void ipv4FactoryMatchesTheText() {
        assertEquals(InterfaceAddress.parse("172.21.22.23/24"), InterfaceAddress.ipv4(0xAC151617, 24));
    }

    @ParameterizedTest
    @ValueSource(strings = {"172.21.22.23", "172.21.22.23/", "172.21.22.23/33", "172.21.22.23/-1", "172.21.22.23/x",
        "172.21.22.23/24/8", "172.21.22/24", "fd00::23", "fd00::23/129", "fd00::23/1000", "fd00::23/ 64", "/24",
        "fd00::23/0064"})
    void rejectsMalformedText(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InterfaceAddress.parse(text));
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @Test
    void rejectsPrefixLengthsOutsideTheFamily() {
        assertThrows(IllegalArgumentException.class, () -> InterfaceAddress.ipv4(1, 33));
        assertThrows(IllegalArgumentException.class, () -> InterfaceAddress.ipv4(1, -1));
        assertThrows(IllegalArgumentException.class, () -> new InterfaceAddress(ip("fd00::1"), 129));
        assertThrows(NullPointerException.class, () -> new InterfaceAddress(null, 24));
    }
}
