package io.tunstack.app;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.device.LinkType;
import io.tunstack.stack.address.AddressSet;
import io.tunstack.stack.address.InterfaceAddress;
import io.tunstack.stack.address.IpAddress;
import io.tunstack.stack.address.IpFamily;
import io.tunstack.stack.config.OpenPorts;
import io.tunstack.stack.config.StackConfig.RateLimit;
import io.tunstack.stack.config.StackConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The settings reach the stack's configuration, with the link's MTU. */
class ResponderSettingsTest {

    private static final List<InterfaceAddress> ADDRESS = List.of(InterfaceAddress.parse("172.21.22.23/24"));
    private static final RateLimit LINUX_ERROR_RATE = new RateLimit(1000, 50);

    private static boolean answers(StackConfig config, String address) {
        return config.answered().contains(IpAddress.parse(address));
    }

    @Test
    void withoutAnswerTheStackAnswersTheSubnetExceptOurOwnAddress() {
        StackConfig config = new ResponderSettings("tun0", LinkType.RAW_IP, false, ADDRESS, true, false, 1500, 1,
                null, false, false, null, LINUX_ERROR_RATE, OpenPorts.none(), null).stackConfig(1500);

        assertAll(
                () -> assertEquals(InterfaceAddress.parse("172.21.22.23/24"), config.ipv4()),
                () -> assertNull(config.ipv6()),
                () -> assertTrue(answers(config, "172.21.22.26")),
                () -> assertTrue(answers(config, "172.21.22.1")),
                () -> assertTrue(answers(config, "172.21.22.254")),
                () -> assertFalse(answers(config, "172.21.22.23"), "our own address is the kernel's"),
                () -> assertFalse(answers(config, "172.21.22.255"), "the broadcast is not unicast"),
                () -> assertFalse(answers(config, "172.21.23.1"), "outside the subnet"),
                () -> assertFalse(config.answerBroadcast()),
                () -> assertNull(config.echoRateLimit(), "echo replies are not limited by default, as in Linux"),
                () -> assertEquals(1000, config.icmpErrorsPerSecond()),
                () -> assertEquals(50, config.icmpErrorBurst()),
                () -> assertTrue(config.openPorts().isEmpty(), "every port closed by default"));
    }

    @Test
    void answerBroadcastAndMtuReachTheStack() {
        AddressSet answer = AddressSet.parse("172.21.22.26");
        StackConfig config = new ResponderSettings("tun0", LinkType.RAW_IP, false, ADDRESS, false, false, 1500, 2,
                answer, true, true, new RateLimit(100, 20), new RateLimit(10, 5), OpenPorts.parse("22/tcp,53/udp"), null)
                .stackConfig(1400);

        assertAll(
                () -> assertTrue(answers(config, "172.21.22.26")),
                () -> assertFalse(answers(config, "172.21.22.27")),
                () -> assertTrue(config.answerBroadcast()),
                () -> assertTrue(config.answerMulticast()),
                () -> assertEquals(1400, config.mtu(), "the link's MTU, e.g. an existing device's"),
                () -> assertEquals(new RateLimit(100, 20), config.echoRateLimit()),
                () -> assertEquals(10, config.icmpErrorsPerSecond()),
                () -> assertEquals(5, config.icmpErrorBurst()),
                () -> assertEquals(OpenPorts.parse("22/tcp,53/udp"), config.openPorts()));
    }

    @Test
    void everyAddressReachesTheStackThroughTheBuilder() {
        List<InterfaceAddress> both = List.of(InterfaceAddress.parse("172.21.22.23/24"),
                InterfaceAddress.parse("fd00:172:21:22::23/64"));
        ResponderSettings settings = new ResponderSettings("tun0", LinkType.RAW_IP, false, both, true, false, 1500,
                1, null, false, false, null, LINUX_ERROR_RATE, OpenPorts.none(), null);
        StackConfig config = settings.stackConfig(1500);

        assertAll(
                () -> assertEquals(both.get(0), config.ipv4()),
                () -> assertEquals(both.get(1), config.ipv6()),
                () -> assertEquals(both.get(0), settings.address(IpFamily.IPV4)),
                () -> assertEquals(both.get(1), settings.address(IpFamily.IPV6)),
                () -> assertTrue(answers(config, "fd00:172:21:22::26")),
                () -> assertFalse(answers(config, "fd00:172:21:22::23"), "our own address is the kernel's"));
    }
}
