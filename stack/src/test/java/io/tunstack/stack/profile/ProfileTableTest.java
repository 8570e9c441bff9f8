package io.tunstack.stack.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.stack.address.IpAddress;
import io.tunstack.stack.address.IpFamily;
import io.tunstack.stack.address.IpRange;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ProfileTable}: the most specific range wins; among ranges as narrow, the one given last. */
class ProfileTableTest {

    private static ProfileTable table(String... hosts) {
        List<ProfileTable.Entry> entries = new ArrayList<>();
        for (String host : hosts) {
            String[] parts = host.split(" ", 2);
            entries.add(new ProfileTable.Entry(IpRange.parse(parts[0]), host, HostProfile.parse(parts[1]),
                    new ProfileCounters()));
        }
        return ProfileTable.of(entries);
    }

    private static String lookup(ProfileTable table, String address) {
        IpAddress ip = IpAddress.parse(address);
        ProfileTable.Entry entry = table.lookup(ip.family(), ip.high(), ip.low());
        return entry == null ? null : entry.name();
    }

    @Test
    void anEmptyTableIsTheSharedEmptyOne() {
        assertSame(ProfileTable.EMPTY, ProfileTable.of(List.of()));
        assertTrue(ProfileTable.EMPTY.isEmpty());
        assertNull(ProfileTable.EMPTY.lookup(IpFamily.IPV4, 0, 1));
        assertFalse(ProfileTable.EMPTY.anyBroadcast());
    }

    @Test
    void theNarrowestRangeWinsWhateverTheOrder() {
        ProfileTable table = table("172.21.22.26 ttl 128", "172.21.22.0/24 down", "172.21.22.16-172.21.22.31 loss 5%");
        assertEquals("172.21.22.26 ttl 128", lookup(table, "172.21.22.26"));
        assertEquals("172.21.22.16-172.21.22.31 loss 5%", lookup(table, "172.21.22.27"));
        assertEquals("172.21.22.0/24 down", lookup(table, "172.21.22.99"));
        assertNull(lookup(table, "172.21.23.1"));
        assertEquals(List.of("172.21.22.26 ttl 128", "172.21.22.16-172.21.22.31 loss 5%", "172.21.22.0/24 down"),
                table.entries().stream().map(ProfileTable.Entry::name).toList());
    }

    @Test
    void amongRangesAsNarrowTheLastGivenWins() {
        ProfileTable table = table("172.21.22.0/28 ttl 1", "172.21.22.8-172.21.22.23 ttl 2");
        assertEquals("172.21.22.8-172.21.22.23 ttl 2", lookup(table, "172.21.22.9"));
        assertEquals("172.21.22.0/28 ttl 1", lookup(table, "172.21.22.1"));
    }

    @Test
    void familiesNeverMatchEachOther() {
        ProfileTable table = table("fd00:172:21:22::/64 down", "0.0.0.0/0 ttl 5");
        assertEquals("fd00:172:21:22::/64 down", lookup(table, "fd00:172:21:22::26"));
        assertEquals("0.0.0.0/0 ttl 5", lookup(table, "10.0.0.1"));
        assertNull(lookup(table, "fd00:1::1"));
    }

    @Test
    void anyBroadcastSaysWhetherAnEntryAnswersBroadcasts() {
        assertFalse(table("172.21.22.26 delay 5ms").anyBroadcast());
        assertTrue(table("172.21.22.26 delay 5ms", "172.21.22.30 broadcast").anyBroadcast());
    }

    @Test
    void theTableKnowsItsHostsOwnMacs() {
        ProfileTable table = table("172.21.22.26 delay 5ms", "172.21.22.30 mac 02:11:22:33:44:55");

        assertTrue(table.anyMac());
        assertTrue(table.holdsMac(0x021122334455L));
        assertFalse(table.holdsMac(0x021122334456L));
        assertFalse(table("172.21.22.26 delay 5ms").anyMac());
        assertFalse(ProfileTable.EMPTY.holdsMac(0x021122334455L));
    }
}
