package io.tunstack.app.hosts;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.stack.address.IpRange;
import io.tunstack.stack.profile.HostProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostAssignmentTest {

    private static final Map<String, HostProfile> NAMED = Map.of("slow", HostProfile.parse("delay 200ms 20ms"));

    @Test
    void addressesThenWords() {
        HostAssignment host = HostAssignment.parse("172.21.22.30,fd00:172:21:22::40/124 delay 50ms 10ms loss 5%",
                Map.of());

        assertAll(
                () -> assertEquals(List.of(IpRange.parse("172.21.22.30"), IpRange.parse("fd00:172:21:22::40/124")),
                        host.ranges()),
                () -> assertEquals(HostProfile.parse("delay 50ms 10ms loss 5%"), host.profile()),
                () -> assertEquals("delay 50ms 10ms loss 5%", host.name(), "the words, canonical"));
    }

    @Test
    void aNamedProfileByItsName() {
        HostAssignment host = HostAssignment.parse("172.21.22.30-172.21.22.39 slow", NAMED);

        assertEquals("slow", host.name());
        assertEquals(NAMED.get("slow"), host.profile());
    }

    @Test
    void noWordsIsAPerfectHost() {
        HostAssignment host = HostAssignment.parse("172.21.22.31", NAMED);

        assertEquals(HostProfile.PERFECT, host.profile());
        assertEquals(HostAssignment.PERFECT, host.name());
    }

    @Test
    void aBadAddressIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HostAssignment.parse("172.21.22.30,172.21.22.300 down", Map.of()));
        assertTrue(e.getMessage().startsWith("'172.21.22.300': "), e.getMessage());
    }

    @Test
    void aBadWordIsNamedAndTheNamedProfilesListed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HostAssignment.parse("172.21.22.30 slwo", NAMED));
        assertTrue(e.getMessage().contains("'slwo'") && e.getMessage().contains("slow"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"down", "delay", "ttl", "loss", "broadcast", "perfect", "1slow", "slow host"})
    void aProfileCannotBeNamedLikeAWord(String name) {
        assertThrows(IllegalArgumentException.class, () -> HostAssignment.checkProfileName(name));
    }

    @Test
    void toStringIsTheHostSyntax() {
        HostAssignment host = HostAssignment.parse("172.21.22.30  slow", NAMED);

        assertEquals("172.21.22.30 slow", host.toString());
        assertEquals(host, HostAssignment.parse(host.toString(), NAMED));
    }
}
