package io.tunstack.stack.address;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Ipv6AddressTest {

    /** RFC 5952 section 4 and 5 cases, and the addresses of the captures. */
    @ParameterizedTest(name = "{2}")
    @CsvSource({
        "fd00017200210022, 0000000000000023, fd00:172:21:22::23",
        "20010db800000000, 0000000000000001, 2001:db8::1",
        "20010db800000001, 0001000100010001, 2001:db8:0:1:1:1:1:1",
        "20010db800000000, 0001000000000001, 2001:db8::1:0:0:1",
        "20010db800000001, 0000000000000001, 2001:db8:0:1::1",
        "0000000000000000, 0000000000000000, ::",
        "0000000000000000, 0000000000000001, ::1",
        "0001000000000000, 0000000000000000, 1::",
        "fe80000000000000, c7b8db4ac009cc2a, fe80::c7b8:db4a:c009:cc2a",
        "ff02000000000000, 0000000000000016, ff02::16",
        "0000000000000000, 0000ffffc0000201, ::ffff:192.0.2.1",
        "20010db8aaaabbbb, ccccddddeeeeffff, 2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff",
    })
    void formatsCanonically(String high, String low, String text) {
        assertEquals(text, Ipv6Address.format(Long.parseUnsignedLong(high, 16), Long.parseUnsignedLong(low, 16)));
    }

    @ParameterizedTest
    @CsvSource({"ff02000000000000, true", "fe80000000000000, false", "fd00017200210022, false"})
    void multicastIsFf00Slash8(String high, boolean multicast) {
        assertEquals(multicast, Ipv6Address.isMulticast(Long.parseUnsignedLong(high, 16)));
        assertFalse(Ipv6Address.isMulticast(0));
    }
}
