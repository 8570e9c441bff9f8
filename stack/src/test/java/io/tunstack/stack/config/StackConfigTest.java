package io.tunstack.stack.config;

import io.tunstack.stack.address.AddressSet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.stack.address.Ipv4Address;
import org.junit.jupiter.api.Test;

class StackConfigTest {

    private static final int OWN = Ipv4Address.parse("172.21.22.23");

    @Test
    void defaultsAnswerTheSubnetsOtherUnicastAddresses() {
        StackConfig config = StackConfig.builder().ownAddress(OWN).prefixLength(24).build();
        assertEquals("172.21.22.1-172.21.22.22,172.21.22.24-172.21.22.254", config.answered().toString());
        assertEquals(Ipv4Address.parse("172.21.22.255"), config.subnetBroadcast());
        assertFalse(config.answerBroadcast());
        assertFalse(config.acceptLoopbackSource());
        assertEquals(1500, config.mtu());
    }

    @Test
    void theOwnAddressIsNeverAnswered() {
        StackConfig config = StackConfig.builder().ownAddress(OWN).answered(AddressSet.parse("172.21.22.0/24")).build();
        assertFalse(config.answered().contains(OWN));
        assertTrue(config.answered().contains(Ipv4Address.parse("172.21.22.26")));
    }

    @Test
    void slash31AnswersThePeer() {
        StackConfig config = StackConfig.builder().ownAddress(Ipv4Address.parse("10.0.0.0")).prefixLength(31).build();
        assertEquals("10.0.0.1", config.answered().toString());
    }

    @Test
    void rejectsContradictions() {
        assertThrows(IllegalArgumentException.class, () -> StackConfig.builder().build());
        assertThrows(IllegalArgumentException.class,
                () -> StackConfig.builder().ownAddress(OWN).prefixLength(33).build());
        assertThrows(IllegalArgumentException.class, () -> StackConfig.builder().ownAddress(OWN).mtu(67).build());
        assertThrows(IllegalArgumentException.class, () -> StackConfig.builder().ownAddress(OWN).mtu(65536).build());
        assertThrows(IllegalArgumentException.class,
                () -> StackConfig.builder().ownAddress(OWN).icmpErrorRate(0, 50).build());
        assertThrows(IllegalArgumentException.class, () -> new StackConfig.RateLimit(10, 0));
    }

    @Test
    void ratesDefaultToLinuxAndTheEchoLimitToOff() {
        StackConfig config = StackConfig.builder().ownAddress(OWN).build();
        assertEquals(1000, config.icmpErrorsPerSecond(), "icmp_msgs_per_sec");
        assertEquals(50, config.icmpErrorBurst(), "icmp_msgs_burst");
        assertEquals(null, config.echoRateLimit());
        assertEquals(30_000_000_000L, config.reassemblyLimits().timeoutNanos(), "ipfrag_time");
        StackConfig limited = StackConfig.builder().ownAddress(OWN).echoRateLimit(new StackConfig.RateLimit(5, 10))
                .build();
        assertEquals(new StackConfig.RateLimit(5, 10), limited.echoRateLimit());
    }
}
