package io.tunstack.stack.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.stack.address.AddressSet;
import io.tunstack.stack.address.InterfaceAddress;
import io.tunstack.stack.address.IpAddress;
import io.tunstack.stack.address.IpFamily;
import io.tunstack.stack.address.Ipv4Address;
import org.junit.jupiter.api.Test;

class StackConfigTest {

    private static final int OWN = Ipv4Address.parse("172.21.22.23");
    private static final InterfaceAddress OWN_24 = InterfaceAddress.ipv4(OWN, 24);
    private static final InterfaceAddress OWN_V6 = InterfaceAddress.parse("fd00:172:21:22::23/64");

    private static StackConfig.Builder ipv4() {
        return StackConfig.builder().address(OWN_24);
    }

    @Test
    void defaultsAnswerTheSubnetsOtherUnicastAddresses() {
        StackConfig config = ipv4().build();
        assertEquals("172.21.22.1-172.21.22.22,172.21.22.24-172.21.22.254", config.answered().toString());
        assertEquals(Ipv4Address.parse("172.21.22.255"), config.ipv4().ipv4SubnetBroadcast());
        assertEquals(OWN_24, config.ipv4());
        assertNull(config.ipv6());
        assertTrue(config.runs(IpFamily.IPV4));
        assertFalse(config.runs(IpFamily.IPV6));
        assertFalse(config.answerBroadcast());
        assertFalse(config.answerMulticast());
        assertFalse(config.acceptLoopbackSource());
        assertEquals(1500, config.mtu());
    }

    @Test
    void defaultsAnswerBothSubnetsWhenBothFamiliesRun() {
        StackConfig config = ipv4().address(OWN_V6).build();
        assertTrue(config.runs(IpFamily.IPV4));
        assertTrue(config.runs(IpFamily.IPV6));
        assertEquals("172.21.22.1-172.21.22.22,172.21.22.24-172.21.22.254,"
                + "fd00:172:21:22::1-fd00:172:21:22::22,fd00:172:21:22::24-fd00:172:21:22:ffff:ffff:ffff:ffff",
                config.answered().toString());
    }

    @Test
    void aSecondAddressOfOneFamilyReplacesTheFirst() {
        StackConfig config = ipv4().address(InterfaceAddress.parse("10.0.0.1/8")).build();
        assertEquals(InterfaceAddress.parse("10.0.0.1/8"), config.ipv4());
        assertFalse(config.answered().contains(IpAddress.parse("172.21.22.26")));
        assertTrue(config.answered().contains(IpAddress.parse("10.255.255.254")));
    }

    @Test
    void theOwnAddressIsNeverAnswered() {
        StackConfig config = ipv4().answered(AddressSet.parse("172.21.22.0/24")).build();
        assertFalse(config.answered().contains(IpAddress.ofIpv4(OWN)));
        assertTrue(config.answered().contains(IpAddress.parse("172.21.22.26")));
        StackConfig v6 = StackConfig.builder().address(OWN_V6).answered(AddressSet.parse("fd00:172:21:22::/120"))
                .build();
        assertFalse(v6.answered().contains(OWN_V6.address()));
        assertTrue(v6.answered().contains(IpAddress.parse("fd00:172:21:22::26")));
    }

    @Test
    void slash31AnswersThePeer() {
        StackConfig config = StackConfig.builder().address(InterfaceAddress.ipv4(Ipv4Address.parse("10.0.0.0"), 31))
                .build();
        assertEquals("10.0.0.1", config.answered().toString());
    }

    @Test
    void slash32AnswersNothing() {
        StackConfig config = StackConfig.builder().address(InterfaceAddress.parse("10.0.0.7/32")).build();
        assertTrue(config.answered().isEmpty());
    }

    @Test
    void rejectsContradictions() {
        assertThrows(IllegalArgumentException.class, () -> StackConfig.builder().build());
        assertThrows(IllegalArgumentException.class, () -> InterfaceAddress.ipv4(OWN, 33));
        assertThrows(IllegalArgumentException.class, () -> ipv4().mtu(StackConfig.MIN_MTU - 1).build());
        assertThrows(IllegalArgumentException.class, () -> ipv4().mtu(StackConfig.MAX_MTU + 1).build());
        assertThrows(IllegalArgumentException.class, () -> ipv4().icmpErrorRate(0, 50).build());
        assertThrows(IllegalArgumentException.class, () -> ipv4().icmpErrorRate(50, 0).build());
        assertThrows(IllegalArgumentException.class, () -> new StackConfig.RateLimit(10, 0));
        assertThrows(IllegalArgumentException.class, () -> new StackConfig.RateLimit(0, 10));
    }

    @Test
    void mtuBoundsDependOnTheFamilies() {
        assertEquals(68, ipv4().mtu(68).build().mtu());
        assertEquals(65535, ipv4().mtu(65535).build().mtu());
        // RFC 8200 section 5: IPv6 needs 1280.
        assertThrows(IllegalArgumentException.class, () -> ipv4().address(OWN_V6).mtu(1279).build());
        assertEquals(1280, StackConfig.builder().address(OWN_V6).mtu(1280).build().mtu());
    }

    @Test
    void ratesDefaultToLinuxAndTheEchoLimitToOff() {
        StackConfig config = ipv4().build();
        assertEquals(1000, config.icmpErrorsPerSecond(), "icmp_msgs_per_sec");
        assertEquals(50, config.icmpErrorBurst(), "icmp_msgs_burst");
        assertNull(config.echoRateLimit());
        assertEquals(30_000_000_000L, config.reassemblyLimits(io.tunstack.stack.address.IpFamily.IPV4).timeoutNanos(), "ipfrag_time");
        StackConfig limited = ipv4().echoRateLimit(new StackConfig.RateLimit(5, 10)).build();
        assertEquals(new StackConfig.RateLimit(5, 10), limited.echoRateLimit());
    }
}
