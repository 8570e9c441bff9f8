package io.tunstack.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tunstack.app.hosts.HostProfiles;
import io.tunstack.stack.address.AddressSet;
import io.tunstack.stack.address.IpRange;
import io.tunstack.stack.address.InterfaceAddress;
import io.tunstack.stack.config.StackConfig;
import io.tunstack.stack.profile.HostProfile;
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

    @Test
    void aProfileForAddressesThatAreNotAnsweredIsWarnedAbout() {
        StackConfig config = both().build();
        HostProfile slow = HostProfile.parse("delay 50ms");
        List<HostProfiles.Host> hosts = List.of(
                new HostProfiles.Host(IpRange.parse("172.21.22.30"), "slow", slow, HostProfiles.Origin.COMMAND_LINE),
                new HostProfiles.Host(IpRange.parse("10.0.0.1"), "far", slow, HostProfiles.Origin.COMMAND_LINE),
                new HostProfiles.Host(IpRange.parse("172.21.22.250-172.21.23.5"), "edge", slow,
                        HostProfiles.Origin.FILE),
                // The device's own address is not answered.
                new HostProfiles.Host(IpRange.parse("172.21.22.23"), "own", slow, HostProfiles.Origin.FILE));

        assertEquals(List.of(
                "host profile far applies to 10.0.0.1, outside the addresses tunstack answers (--answer): no answer"
                        + " there to shape",
                "host profile edge applies to 172.21.22.250-172.21.23.5, partly outside the addresses tunstack"
                        + " answers (--answer): no answer there to shape",
                "host profile own applies to 172.21.22.23, outside the addresses tunstack answers (--answer): no"
                        + " answer there to shape"),
                Responder.profilesOutsideAnswers(config, hosts));
    }
}
