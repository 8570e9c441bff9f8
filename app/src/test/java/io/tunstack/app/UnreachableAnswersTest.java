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
    void theBroadcastWithoutAnswerBroadcastIsWarnedAboutAndAddressesOutsideTheSubnetsAreNot() {
        // Addresses outside the subnets get routes of their own (AnswerRoutes).
        StackConfig config = both().answered(AddressSet.parse("172.21.22.26,172.21.22.255,10.0.0.0/8,fd00:1::5"))
                .build();

        assertEquals(List.of(
                "--answer includes the broadcast 172.21.22.255, which is answered only with --answer-broadcast"),
                Responder.unreachableAnswers(config));
    }

    @Test
    void theBroadcastIsFineWithAnswerBroadcast() {
        StackConfig config = both().answered(AddressSet.parse("172.21.22.255")).answerBroadcast(true).build();
        assertEquals(List.of(), Responder.unreachableAnswers(config));
    }
}
