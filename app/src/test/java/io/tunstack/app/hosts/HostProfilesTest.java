package io.tunstack.app.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.tunstack.stack.address.IpAddress;
import io.tunstack.stack.profile.HostProfile;
import io.tunstack.stack.profile.ProfileCounters.Effect;
import io.tunstack.stack.profile.ProfileSource;
import io.tunstack.stack.profile.ProfileTable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostProfilesTest {

    private static final Map<String, HostProfile> NAMED = Map.of("slow", HostProfile.parse("delay 200ms"));

    private static ProfileTable.Entry lookup(ProfileSource source, String address) {
        IpAddress ip = IpAddress.parse(address);
        return source.current().lookup(ip.family(), ip.high(), ip.low());
    }

    private static HostAssignment host(String text) {
        return HostAssignment.parse(text, NAMED);
    }

    @Test
    void theCommandLineWinsOverTheFileAndTheApiOverBoth() {
        HostProfiles profiles = new HostProfiles(1);
        profiles.load(NAMED, List.of(host("172.21.22.30 slow"), host("172.21.22.0/24 loss 5%")),
                List.of(host("172.21.22.30 down")));
        ProfileSource source = profiles.source(0);

        assertEquals("down", lookup(source, "172.21.22.30").name());
        assertEquals("loss 5%", lookup(source, "172.21.22.31").name(), "the /24 for the rest");
        profiles.set(host("172.21.22.30 ttl 128"));
        assertEquals("ttl 128", lookup(source, "172.21.22.30").name(), "from the next packet on");
        assertEquals(2, profiles.hosts().size(), "the equal range was replaced, the /24 kept");
    }

    @Test
    void removingARangeLetsTheWiderOneApplyAgain() {
        HostProfiles profiles = new HostProfiles(1);
        profiles.load(NAMED, List.of(host("172.21.22.0/24 slow"), host("172.21.22.30 down")), List.of());

        assertEquals(1, profiles.remove(HostAssignment.ranges("172.21.22.30")));
        assertEquals("slow", lookup(profiles.source(0), "172.21.22.30").name());
        assertEquals(0, profiles.remove(HostAssignment.ranges("172.21.22.30")), "nothing left to remove");
        assertEquals(List.of("slow"), List.copyOf(profiles.counts().keySet()), "a profile gone that did nothing");
    }

    @Test
    void aReloadReplacesTheApiChanges() {
        HostProfiles profiles = new HostProfiles(1);
        profiles.load(NAMED, List.of(host("172.21.22.30 slow")), List.of());
        profiles.set(host("172.21.22.40 down"));

        profiles.load(NAMED, List.of(host("172.21.22.30 slow")), List.of());

        assertNull(lookup(profiles.source(0), "172.21.22.40"));
        assertEquals(HostProfiles.Origin.FILE, profiles.hosts().get(0).origin());
    }

    @Test
    void eachQueueCountsIntoItsOwnCountersWhichSurviveAChange() {
        HostProfiles profiles = new HostProfiles(2);
        profiles.load(NAMED, List.of(host("172.21.22.30 slow")), List.of());
        ProfileTable.Entry first = lookup(profiles.source(0), "172.21.22.30");
        ProfileTable.Entry second = lookup(profiles.source(1), "172.21.22.30");
        assertNotSame(first.counters(), second.counters(), "one writer per counter");
        first.counters().count(Effect.MATCHED);
        second.counters().count(Effect.MATCHED);
        second.counters().count(Effect.DELAYED);

        profiles.set(host("172.21.22.31 slow"));

        assertSame(first.counters(), lookup(profiles.source(0), "172.21.22.31").counters(), "one per name");
        long[] counts = profiles.counts().get("slow");
        assertEquals(2, counts[Effect.MATCHED.ordinal()]);
        assertEquals(1, counts[Effect.DELAYED.ordinal()]);
    }

    @Test
    void withoutProfilesTheTableIsEmpty() {
        assertSame(ProfileTable.EMPTY, new HostProfiles(1).source(0).current());
    }
}
