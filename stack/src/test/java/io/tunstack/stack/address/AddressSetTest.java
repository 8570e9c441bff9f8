package io.tunstack.stack.address;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.stack.address.Ipv4Address;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressSetTest {

    private static int ip(String text) {
        return Ipv4Address.parse(text);
    }

    @Test
    void parsesAddressesRangesAndCidrBlocks() {
        AddressSet set = AddressSet.parse("10.0.0.5, 10.0.1.10-10.0.1.12,192.168.0.0/30");
        assertTrue(set.contains(ip("10.0.0.5")));
        assertFalse(set.contains(ip("10.0.0.6")));
        assertTrue(set.contains(ip("10.0.1.10")));
        assertTrue(set.contains(ip("10.0.1.12")));
        assertFalse(set.contains(ip("10.0.1.13")));
        assertTrue(set.contains(ip("192.168.0.0")));
        assertTrue(set.contains(ip("192.168.0.3")));
        assertFalse(set.contains(ip("192.168.0.4")));
        assertEquals("10.0.0.5,10.0.1.10-10.0.1.12,192.168.0.0-192.168.0.3", set.toString());
    }

    @Test
    void mergesOverlappingAndAdjacentRanges() {
        AddressSet set = AddressSet.parse("10.0.0.8/29,10.0.0.1-10.0.0.7,10.0.0.3");
        assertEquals("10.0.0.1-10.0.0.15", set.toString());
        assertEquals(set, AddressSet.parse(set.toString()));
    }

    @Test
    void handlesTheTopOfTheAddressSpaceUnsigned() {
        AddressSet set = AddressSet.parse("255.255.255.254-255.255.255.255,0.0.0.0");
        assertTrue(set.contains(-1));
        assertTrue(set.contains(0));
        assertFalse(set.contains(ip("128.0.0.0")));
        assertEquals("0.0.0.0,255.255.255.254-255.255.255.255", set.toString());
        assertTrue(AddressSet.parse("0.0.0.0/0").contains(ip("200.1.2.3")));
    }

    @Test
    void withoutSplitsARange() {
        AddressSet set = AddressSet.parse("172.21.22.1-172.21.22.254").without(ip("172.21.22.23"));
        assertEquals("172.21.22.1-172.21.22.22,172.21.22.24-172.21.22.254", set.toString());
        assertTrue(AddressSet.parse("1.2.3.4").without(ip("1.2.3.4")).isEmpty());
        assertEquals(ip("172.21.22.1"), set.first());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "10.0.0.1,", "10.0.0.9-10.0.0.1", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/x",
        "10.0.0", "10.0.0.1-", "hello"})
    void rejectsMalformedSpecsNamingTheElement(String spec) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AddressSet.parse(spec));
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @Property
    void containsAgreesWithARangeCheck(@ForAll int first, @ForAll int last, @ForAll int probe) {
        AddressSet set = AddressSet.ofRange(first, last);
        boolean expected = Integer.compareUnsigned(first, probe) <= 0 && Integer.compareUnsigned(probe, last) <= 0;
        assertEquals(expected, set.contains(probe));
    }
}
