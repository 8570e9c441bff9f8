package io.tunstack.stack.address;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Ipv6AddressTest {

    private static String canonical(String text) {
        long[] bits = Ipv6Address.parse(text);
        return Ipv6Address.format(bits[0], bits[1]);
    }

    @Test
    void parsesIntoTwoLongsInNetworkOrder() {
        assertArrayEquals(new long[] {0xfd00_0172_0021_0022L, 0x23}, Ipv6Address.parse("fd00:172:21:22::23"));
        assertArrayEquals(new long[] {0, 0}, Ipv6Address.parse("::"));
        assertArrayEquals(new long[] {0, 1}, Ipv6Address.parse("::1"));
        assertArrayEquals(new long[] {-1L, -1L}, Ipv6Address.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
        assertArrayEquals(new long[] {0x2001_0db8_0000_0000L, 0x0000_0000_0002_0001L},
                Ipv6Address.parse("2001:db8:0:0:0:0:2:1"));
        assertArrayEquals(new long[] {0, 0x0000_ffff_c000_0201L}, Ipv6Address.parse("::ffff:192.0.2.1"));
        assertArrayEquals(new long[] {0x0001_0000_0000_0000L, 0}, Ipv6Address.parse("1::"));
        assertArrayEquals(new long[] {0x0001_0002_0003_0004L, 0x0005_0006_0007_0000L},
                Ipv6Address.parse("1:2:3:4:5:6:7::"), "'::' may stand for a single group in input");
    }

    /** RFC 5952 section 4, each rule with its own example, and the section 2 variants of one address. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        // 4.1: "Leading zeros MUST be suppressed"; "A single 16-bit 0000 field MUST be represented as 0."
        "2001:0db8::0001, 2001:db8::1",
        "2001:db8:0000:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        // 4.2.1: "The use of the symbol '::' MUST be used to its maximum capability."
        "2001:db8:0:0:0:0:2:1, 2001:db8::2:1",
        "2001:db8::0:0:2:1, 2001:db8::2:1",
        // 4.2.2: "The symbol '::' MUST NOT be used to shorten just one 16-bit 0 field."
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "2001:db8::1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        // 4.2.3: "the longest run of consecutive 16-bit 0 fields MUST be shortened"
        "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
        // 4.2.3: "When the length of the consecutive 16-bit 0 fields are equal ..., the first sequence of zero bits
        // MUST be shortened."
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        // 4.3: "The characters 'a', 'b', 'c', 'd', 'e', and 'f' in an IPv6 address MUST be represented in lowercase."
        "2001:DB8::1, 2001:db8::1",
        "2001:Db8:aAaA:BBBB:cccc:DdDd:eEEe:FFFF, 2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff",
        // Section 2.1-2.3: the same address written six ways.
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:0db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:db8::1:0:0:1, 2001:db8::1:0:0:1",
        "2001:db8::0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:0db8::1:0:0:1, 2001:db8::1:0:0:1",
        "2001:db8:0000:0:1::1, 2001:db8::1:0:0:1",
        "2001:DB8:0:0:1::1, 2001:db8::1:0:0:1",
        // Section 5: an IPv4-mapped address keeps its last 32 bits dotted.
        "::ffff:c000:0280, ::ffff:192.0.2.128",
        "0:0:0:0:0:ffff:192.0.2.1, ::ffff:192.0.2.1",
        // The ends of the space and of the runs.
        "0:0:0:0:0:0:0:0, ::",
        "0:0:0:0:0:0:0:1, ::1",
        "1:0:0:0:0:0:0:0, 1::",
        "1:0:0:0:0:0:0:1, 1::1",
        "0:1:0:1:0:1:0:1, 0:1:0:1:0:1:0:1",
        "1:2:3:4:5:6:7:0, 1:2:3:4:5:6:7:0",
        "0:2:3:4:5:6:7:8, 0:2:3:4:5:6:7:8",
        "fd00:0172:0021:0022:0000:0000:0000:0023, fd00:172:21:22::23",
    })
    void formatsAsRfc5952Says(String text, String expected) {
        assertEquals(expected, canonical(text));
    }

    @Property
    void formatThenParseIsIdentity(@ForAll long high, @ForAll long low) {
        String text = Ipv6Address.format(high, low);
        assertArrayEquals(new long[] {high, low}, Ipv6Address.parse(text), text);
        assertEquals(text, text.toLowerCase(java.util.Locale.ROOT));
        assertFalse(text.contains(":::"), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":", ":::", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1::2::3", "::1::", "12345::",
        "g::", "::g", ":1::", "1:", ":1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:", "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8",
        "1::2:3:4:5:6:7:8", "::ffff:1.2.3", "::ffff:256.1.1.1", "::1.2.3.4:5", "1:2:3:4:5:6:7:1.2.3.4",
        "fe80::1%eth0", "fd00::/64", " ::1", "::1 ", "0x1::", "+1::", "1.2.3.4", "1.2.3.4::", "1.2.3.4::5",
        "\uff11::"})
    void rejectsMalformedTextInOneLine(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ipv6Address.parse(text));
        assertFalse(e.getMessage().contains("\n"), "one line");
        assertTrue(e.getMessage().contains("expected"), e.getMessage());
    }

    @Test
    void rejectsNull() {
        assertThrows(IllegalArgumentException.class, () -> Ipv6Address.parse(null));
    }

    @Test
    void classifiesAsRfc4291Section2Does() {
        assertTrue(Ipv6Address.isUnspecified(0, 0));
        assertFalse(Ipv6Address.isUnspecified(0, 1));
        assertTrue(Ipv6Address.isLoopback(0, 1));
        assertFalse(Ipv6Address.isLoopback(1, 1));
        assertFalse(Ipv6Address.isLoopback(0, 0));
        assertTrue(Ipv6Address.isMulticast(Ipv6Address.parse("ff02::1")[0]));
        assertTrue(Ipv6Address.isMulticast(Ipv6Address.parse("ff02::1:ff00:23")[0]));
        assertFalse(Ipv6Address.isMulticast(Ipv6Address.parse("fe80::1")[0]));
        assertFalse(Ipv6Address.isMulticast(Ipv6Address.parse("fd00:172:21:22::23")[0]));
        long[] mapped = Ipv6Address.parse("::ffff:172.21.22.23");
        assertTrue(Ipv6Address.isV4Mapped(mapped[0], mapped[1]));
        long[] compatible = Ipv6Address.parse("::172.21.22.23");
        assertFalse(Ipv6Address.isV4Mapped(compatible[0], compatible[1]));
        long[] nearlyMapped = Ipv6Address.parse("1::ffff:172.21.22.23");
        assertFalse(Ipv6Address.isV4Mapped(nearlyMapped[0], nearlyMapped[1]));
        assertTrue(Ipv6Address.isLinkLocal(Ipv6Address.parse("fe80::1")[0]));
        assertTrue(Ipv6Address.isLinkLocal(Ipv6Address.parse("febf:ffff::")[0]));
        assertFalse(Ipv6Address.isLinkLocal(Ipv6Address.parse("fec0::1")[0]));
        assertFalse(Ipv6Address.isLinkLocal(Ipv6Address.parse("fe7f::1")[0]));
    }

    @Test
    void solicitedNodeGroupsTakeTheLow24BitsAsRfc4291Section271Says() {
        long[] group = Ipv6Address.parse("ff02::1:ff00:26");
        assertEquals(group[0], Ipv6Address.LINK_SCOPE_MULTICAST_HIGH);
        assertEquals(group[1], Ipv6Address.solicitedNodeLow(Ipv6Address.parse("fd00:172:21:22::26")[1]));
        assertEquals(Ipv6Address.parse("ff02::1:ffab:cdef")[1],
                Ipv6Address.solicitedNodeLow(Ipv6Address.parse("fe80::1234:56ab:cdef")[1]));
        assertTrue(Ipv6Address.isSolicitedNode(group[0], group[1]));
        assertTrue(Ipv6Address.isSolicitedNode(group[0], Ipv6Address.parse("ff02::1:ffff:ffff")[1]));
        long[] allNodes = Ipv6Address.parse("ff02::1");
        assertFalse(Ipv6Address.isSolicitedNode(allNodes[0], allNodes[1]));
        assertTrue(Ipv6Address.isAllNodes(allNodes[0], Ipv6Address.ALL_NODES_LOW));
        long[] otherScope = Ipv6Address.parse("ff05::1:ff00:26");
        assertFalse(Ipv6Address.isSolicitedNode(otherScope[0], otherScope[1]));
        long[] otherPrefix = Ipv6Address.parse("ff02::2:ff00:26");
        assertFalse(Ipv6Address.isSolicitedNode(otherPrefix[0], otherPrefix[1]));
        long[] shortPrefix = Ipv6Address.parse("ff02::1:fe00:26");
        assertFalse(Ipv6Address.isSolicitedNode(shortPrefix[0], shortPrefix[1]));
    }

    @Test
    void masksSplitAPrefixAcrossTheTwoLongs() {
        assertEquals(0, Ipv6Address.highMask(0));
        assertEquals(0, Ipv6Address.lowMask(0));
        assertEquals(0xffff_ffff_ffff_0000L, Ipv6Address.highMask(48));
        assertEquals(0, Ipv6Address.lowMask(48));
        assertEquals(-1L, Ipv6Address.highMask(64));
        assertEquals(0, Ipv6Address.lowMask(64));
        assertEquals(-1L, Ipv6Address.highMask(65));
        assertEquals(0x8000_0000_0000_0000L, Ipv6Address.lowMask(65));
        assertEquals(0xffff_ffff_ffff_ff00L, Ipv6Address.lowMask(120));
        assertEquals(-1L, Ipv6Address.highMask(128));
        assertEquals(-1L, Ipv6Address.lowMask(128));
    }
}
