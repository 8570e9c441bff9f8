package io.tunstack.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tunstack.stack.address.AddressSet;
import io.tunstack.stack.address.InterfaceAddress;
import io.tunstack.stack.config.StackConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnreachableAnswersTest {

    private static StackConfig.Builder both() {
        return StackConfig.builder().address(InterfaceAddress.parse("172.21.22.23/24"))
                .address(InterfaceAddress.parse("fd00:172:21:22::23/64"));
    }

    @Test
    void theDefaultsAreAllReachable() {
        assertEquals(List.of(), Responder.unreachableAnswers(both().build()));
    }

    @Test
    void theBroadcastWithoutAnswerBroadcastAndAddressesOutsideTheSubnetsAreWarnedAbout() {
        StackConfig config = both().answered(AddressSet.parse("172.21.22.26,172.21.22.255,10.0.0.0/8,fd00:1::5"))
                .build();

        assertEquals(List.of(
                "--answer includes the broadcast 172.21.22.255, which is answered only with --answer-broadcast",
                "--answer includes 10.0.0.0-10.255.255.255, outside the device's IPv4 subnet: the kernel sends those"
                        + " to the device only with a route (ip route add ... dev DEVICE)",
                "--answer includes fd00:1::5, outside the device's IPv6 subnet: the kernel sends those to the device"
                        + " only with a route (ip route add ... dev DEVICE)"),
                Responder.unreachableAnswers(config));
    }

    @Test
    void theBroadcastIsFineWithAnswerBroadcast() {
        StackConfig config = both().answered(AddressSet.parse("172.21.22.255")).answerBroadcast(true).build();
        assertEquals(List.of(), Responder.unreachableAnswers(config));
    }
}
