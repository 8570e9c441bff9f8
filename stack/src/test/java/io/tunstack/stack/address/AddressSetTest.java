package io.tunstack.stack.address;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.NoSuchElementException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressSetTest {

    private static IpAddress ip(String text) {
        return IpAddress.parse(text);
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
    void parsesIpv6AddressesRangesAndCidrBlocks() {
        AddressSet set = AddressSet.parse("fd00:172:21:22::30, fd00::a-fd00::c,2001:db8::/126");
        assertTrue(set.contains(ip("fd00:172:21:22::30")));
        assertFalse(set.contains(ip("fd00:172:21:22::31")));
        assertFalse(set.contains(ip("fd00::9")));
        assertTrue(set.contains(ip("fd00::a")));
        assertTrue(set.contains(ip("fd00::c")));
        assertFalse(set.contains(ip("fd00::d")));
        assertTrue(set.contains(ip("2001:db8::")));
        assertTrue(set.contains(ip("2001:db8::3")));
        assertFalse(set.contains(ip("2001:db8::4")));
        assertEquals("2001:db8::-2001:db8::3,fd00::a-fd00::c,fd00:172:21:22::30", set.toString());
        assertTrue(set.isEmpty(IpFamily.IPV4));
        assertFalse(set.isEmpty(IpFamily.IPV6));
    }

    @Test
    void ipv6CidrSpanningTheHalvesOfTheAddress() {
        // A /64 fills the low long; a /60 ends in the high long.
        AddressSet set = AddressSet.parse("fd00:172:21:22::/64,fd00:1:2:30::/60");
        assertTrue(set.containsIpv6(0xfd00_0172_0021_0022L, 0));
        assertTrue(set.containsIpv6(0xfd00_0172_0021_0022L, -1L));
        assertFalse(set.containsIpv6(0xfd00_0172_0021_0023L, 0));
        assertFalse(set.containsIpv6(0xfd00_0172_0021_0021L, -1L));
        assertTrue(set.contains(ip("fd00:1:2:3f:ffff:ffff:ffff:ffff")));
        assertFalse(set.contains(ip("fd00:1:2:40::")));
        assertEquals("fd00:1:2:30::-fd00:1:2:3f:ffff:ffff:ffff:ffff,"
                + "fd00:172:21:22::-fd00:172:21:22:ffff:ffff:ffff:ffff", set.toString());
    }

    @Test
    void mixedListKeepsTheFamiliesApart() {
        AddressSet set = AddressSet.parse("fd00::1,172.21.22.30-172.21.22.31,fd00::2,10.0.0.0/31");
        assertEquals("10.0.0.0-10.0.0.1,172.21.22.30-172.21.22.31,fd00::1-fd00::2", set.toString());
        assertTrue(set.contains(ip("172.21.22.31")));
        assertTrue(set.contains(ip("fd00::2")));
        // The IPv4 address 0.0.0.1 and the IPv6 address ::1 have the same low bits, but not the same family.
        AddressSet low = AddressSet.parse("0.0.0.1");
        assertTrue(low.containsIpv4(1));
        assertFalse(low.containsIpv6(0, 1));
        assertFalse(low.contains(ip("::1")));
        assertFalse(AddressSet.parse("::1").contains(ip("0.0.0.1")));
        assertEquals("10.0.0.0-10.0.0.1,172.21.22.30-172.21.22.31", set.only(IpFamily.IPV4).toString());
        assertEquals("fd00::1-fd00::2", set.only(IpFamily.IPV6).toString());
        assertEquals(set, set.only(IpFamily.IPV4).union(set.only(IpFamily.IPV6)));
    }

    @Test
    void mergesOverlappingAndAdjacentRanges() {
        AddressSet set = AddressSet.parse("10.0.0.8/29,10.0.0.1-10.0.0.7,10.0.0.3");
        assertEquals("10.0.0.1-10.0.0.15", set.toString());
        assertEquals(set, AddressSet.parse(set.toString()));
    }

    @Test
    void mergesAdjacentIpv6RangesAcrossTheLowLong() {
        // ...:ffff:ffff:ffff:ffff + 1 carries into the high long.
        AddressSet set = AddressSet.parse("fd00:0:0:1::/64,fd00:0:0:2::-fd00:0:0:2::5,fd00:0:0:1::7");
        assertEquals("fd00:0:0:1::-fd00:0:0:2::5", set.toString());
        assertEquals(set, AddressSet.parse(set.toString()));
        assertEquals("fd00::1-fd00::3", AddressSet.parse("fd00::3,fd00::1,fd00::2").toString());
    }

    @Test
    void handlesTheTopOfTheAddressSpaceUnsigned() {
        AddressSet set = AddressSet.parse("255.255.255.254-255.255.255.255,0.0.0.0");
        assertTrue(set.contains(IpAddress.ofIpv4(-1)));
        assertTrue(set.contains(IpAddress.ofIpv4(0)));
        assertFalse(set.contains(ip("128.0.0.0")));
        assertEquals("0.0.0.0,255.255.255.254-255.255.255.255", set.toString());
        assertTrue(AddressSet.parse("0.0.0.0/0").contains(ip("200.1.2.3")));
    }

    @Test
    void slashZeroIsTheWholeFamily() {
        AddressSet v4 = AddressSet.parse("0.0.0.0/0");
        assertEquals("0.0.0.0-255.255.255.255", v4.toString());
        assertTrue(v4.containsIpv4(0));
        assertTrue(v4.containsIpv4(-1));
        assertFalse(v4.contains(ip("::")));
        assertEquals(v4, AddressSet.parse("0.0.0.0/0,255.255.255.255"), "contained in a range that ends the space");
        assertEquals(v4, AddressSet.parse("0.0.0.0/1,128.0.0.0/1"), "adjacent halves");
        AddressSet v6 = AddressSet.parse("::/0");
        assertEquals("::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", v6.toString());
        assertTrue(v6.containsIpv6(0, 0));
        assertTrue(v6.containsIpv6(-1L, -1L));
        assertTrue(v6.containsIpv6(0x8000_0000_0000_0000L, 0));
        assertFalse(v6.containsIpv4(0));
        assertEquals(v6, AddressSet.parse(v6.toString()));
        // Merging into the top of the space does not wrap around.
        assertEquals(v6, AddressSet.parse("::/0,ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe"
                + "-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
        assertEquals("::,ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
                AddressSet.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff,::").toString());
    }

    @Test
    void withoutSplitsARange() {
        AddressSet set = AddressSet.parse("172.21.22.1-172.21.22.254").without(ip("172.21.22.23"));
        assertEquals("172.21.22.1-172.21.22.22,172.21.22.24-172.21.22.254", set.toString());
        assertTrue(AddressSet.parse("1.2.3.4").without(ip("1.2.3.4")).isEmpty());
        assertEquals(ip("172.21.22.1"), set.first(IpFamily.IPV4));
    }

    @Test
    void withoutSplitsAnIpv6Range() {
        AddressSet set = AddressSet.parse("fd00:172:21:22::/64").without(ip("fd00:172:21:22::23"));
        assertEquals("fd00:172:21:22::-fd00:172:21:22::22,fd00:172:21:22::24-fd00:172:21:22:ffff:ffff:ffff:ffff",
                set.toString());
        assertFalse(set.contains(ip("fd00:172:21:22::23")));
        assertTrue(set.contains(ip("fd00:172:21:22::22")));
        assertTrue(set.contains(ip("fd00:172:21:22::24")));
        assertEquals(ip("fd00:172:21:22::"), set.first(IpFamily.IPV6));
        assertTrue(AddressSet.parse("fd00::1").without(ip("fd00::1")).isEmpty());
        // Removing the first or the last address of a range shortens it.
        assertEquals("fd00::2-fd00::3", AddressSet.parse("fd00::1-fd00::3").without(ip("fd00::1")).toString());
        assertEquals("fd00::1-fd00::2", AddressSet.parse("fd00::1-fd00::3").without(ip("fd00::3")).toString());
        // An address of the other family, or one not in the set, changes nothing.
        AddressSet v4 = AddressSet.parse("10.0.0.0/30");
        assertEquals(v4, v4.without(ip("::a00:1")));
        assertEquals(v4, v4.without(ip("10.0.0.9")));
    }

    @Test
    void firstOfAFamilyWithoutAddressesFails() {
        AddressSet set = AddressSet.parse("fd00::1");
        assertEquals(ip("fd00::1"), set.first(IpFamily.IPV6));
        assertThrows(NoSuchElementException.class, () -> set.first(IpFamily.IPV4));
        assertThrows(NoSuchElementException.class, () -> AddressSet.empty().first(IpFamily.IPV6));
        assertEquals("", AddressSet.empty().toString());
        assertTrue(AddressSet.empty().isEmpty());
    }

    @Test
    void ofRangeOfOneFamilyOnly() {
        assertEquals("fd00::1-fd00::5", AddressSet.ofRange(ip("fd00::1"), ip("fd00::5")).toString());
        assertTrue(AddressSet.ofRange(ip("fd00::5"), ip("fd00::1")).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> AddressSet.ofRange(ip("10.0.0.1"), ip("fd00::1")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "10.0.0.1,", "10.0.0.9-10.0.0.1", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/x",
        "10.0.0", "10.0.0.1-", "hello", "fd00::9-fd00::1", "fd00::/129", "fd00::/", "fd00:::1", "10.0.0.1-fd00::1",
        "fd00::1-10.0.0.1", "fd00::1,", "1:2:3:4:5:6:7:8:9", "fd00::g"})
    void rejectsMalformedSpecsNamingTheElement(String spec) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AddressSet.parse(spec));
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.5", "10.0.0.5,10.0.1.10-10.0.1.12", "fd00:172:21:22::30",
        "::,::2-::ffff:ffff,fd00::1", "10.0.0.0-10.0.0.255,fd00::1-fd00::2", "::ffff:10.0.0.1"})
    void toStringRoundTrips(String spec) {
        AddressSet set = AddressSet.parse(spec);
        assertEquals(spec, set.toString());
        assertEquals(set, AddressSet.parse(set.toString()));
        assertEquals(set.hashCode(), AddressSet.parse(set.toString()).hashCode());
    }

    @Property
    void containsAgreesWithARangeCheck(@ForAll int first, @ForAll int last, @ForAll int probe) {
        AddressSet set = AddressSet.ofRange(IpAddress.ofIpv4(first), IpAddress.ofIpv4(last));
        boolean expected = Integer.compareUnsigned(first, probe) <= 0 && Integer.compareUnsigned(probe, last) <= 0;
        assertEquals(expected, set.contains(IpAddress.ofIpv4(probe)));
        assertEquals(expected, set.containsIpv4(probe));
    }

    @Property
    void ipv6ContainsAgreesWithARangeCheck(@ForAll long firstHigh, @ForAll long firstLow, @ForAll long lastHigh,
            @ForAll long lastLow, @ForAll long probeHigh, @ForAll long probeLow) {
        IpAddress first = IpAddress.ofIpv6(firstHigh, firstLow);
        IpAddress last = IpAddress.ofIpv6(lastHigh, lastLow);
        IpAddress probe = IpAddress.ofIpv6(probeHigh, probeLow);
        AddressSet set = AddressSet.ofRange(first, last);
        boolean expected = first.compareTo(probe) <= 0 && probe.compareTo(last) <= 0;
        assertEquals(expected, set.contains(probe));
        assertEquals(expected, set.containsIpv6(probeHigh, probeLow));
        // The range's own ends are in it, unless it is empty.
        assertEquals(first.compareTo(last) <= 0, set.contains(first));
    }

    @Test
    void minusTakesAwayWhatTheOtherSetHoldsInBothFamilies() {
        AddressSet set = AddressSet.parse("10.0.0.0/8,172.21.22.30-172.21.22.40,fd00::1-fd00::ff");
        AddressSet other = AddressSet.parse("10.1.0.0/16,172.21.22.0/24,fd00::10-fd00::1f");

        assertEquals("10.0.0.0-10.0.255.255,10.2.0.0-10.255.255.255,fd00::1-fd00::f,fd00::20-fd00::ff",
                set.minus(other).toString());
        assertEquals(AddressSet.empty(), set.minus(set));
        assertEquals(set, set.minus(AddressSet.empty()));
    }

    @Test
    void aCidrBlockIsOnePrefix() {
        assertEquals(List.of(block("10.9.0.0/16"), block("fd00:9::/32")),
                AddressSet.parse("fd00:9::/32,10.9.0.0/16").prefixes());
    }

    @Test
    void aRangeIsCutIntoTheLargestAlignedBlocks() {
        assertEquals(List.of(block("10.9.0.1/32"), block("10.9.0.2/31"), block("10.9.0.4/31"), block("10.9.0.6/32")),
                AddressSet.parse("10.9.0.1-10.9.0.6").prefixes());
        assertEquals(List.of(block("172.21.0.0/20"), block("172.21.16.0/22"), block("172.21.20.0/23")),
                AddressSet.parse("172.21.0.0/16").minus(AddressSet.parse("172.21.22.0-172.21.255.255")).prefixes());
        assertEquals(List.of(block("fd00::1/128"), block("fd00::2/127")),
                AddressSet.parse("fd00::1-fd00::3").prefixes());
    }

    @Test
    void singleAddressesAreHostPrefixesAndTheWholeSpaceIsOne() {
        assertEquals(List.of(block("10.9.0.5/32"), block("fd00::5/128")),
                AddressSet.parse("10.9.0.5,fd00::5").prefixes());
        assertEquals(List.of(block("0.0.0.0/0"), block("::/0")), AddressSet.parse("0.0.0.0/0,::/0").prefixes());
        assertEquals(List.of(block("255.255.255.255/32"), block("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128")),
                AddressSet.parse("255.255.255.255,ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff").prefixes());
        assertEquals(List.of(), AddressSet.empty().prefixes());
    }

    @Property
    void thePrefixesHoldExactlyTheSet(@ForAll int from, @ForAll int to) {
        AddressSet set = AddressSet.ofRange(IpAddress.ofIpv4(Math.min(from, to) & 0x0000ffff),
                IpAddress.ofIpv4(Math.max(from, to) & 0x0000ffff));
        AddressSet union = AddressSet.empty();
        for (InterfaceAddress prefix : set.prefixes()) {
            assertEquals(prefix.address(), prefix.network(), "a block starts at its network address");
            union = union.union(AddressSet.ofRange(prefix.network(), prefix.last()));
        }
        assertEquals(set, union);
    }

    private static InterfaceAddress block(String text) {
        return InterfaceAddress.parse(text);
    }
}
