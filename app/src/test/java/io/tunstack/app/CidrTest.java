package io.tunstack.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tunstack.stack.address.Ipv4Address;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

    @Test
    void parsesAddressAndPrefixLength() {
        Cidr cidr = Cidr.parse("172.21.22.23/24");

        assertEquals(Ipv4Address.parse("172.21.22.23"), cidr.address());
        assertEquals(24, cidr.prefixLength());
        assertEquals("172.21.22.23/24", cidr.toString());
    }

    @Test
    void netmaskAndBroadcastFollowThePrefixLength() {
        assertEquals(0xFFFFFF00, Cidr.parse("172.21.22.23/24").netmask());
        assertEquals(Ipv4Address.parse("172.21.22.255"), Cidr.parse("172.21.22.23/24").broadcast());
        assertEquals(Ipv4Address.parse("10.9.255.255"), Cidr.parse("10.9.0.1/16").broadcast());
        assertEquals(0, Cidr.parse("10.9.0.1/0").netmask());
        assertEquals(0xFFFFFFFF, Cidr.parse("10.9.0.1/32").netmask());
        assertEquals(Ipv4Address.parse("10.9.0.1"), Cidr.parse("10.9.0.1/32").broadcast());
    }

    @ParameterizedTest
    @ValueSource(strings = {"172.21.22.23", "172.21.22.23/", "172.21.22.23/33", "172.21.22.23/-1", "172.21.22.23/+8",
        "172.21.22.23/024x", "172.21.22/24", "/24", "172.21.22.23/24/1"})
    void rejectsMalformedText(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cidr.parse(text));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }
}
