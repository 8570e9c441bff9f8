package io.tunstack.stack.profile;

import io.tunstack.stack.address.IpFamily;
import io.tunstack.stack.address.IpRange;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Which answered addresses have which profile: ranges (an address, a range, a CIDR block) each with a
 * {@link HostProfile}. Where several ranges hold an address, the most specific wins: the narrowest range; among
 * ranges as narrow, the one given last. Immutable; a change builds a new table, which the stack picks up through its
 * {@link ProfileSource} from the next packet on.
 *
 * <p>A lookup walks the entries from the narrowest, so it costs one comparison per entry until the first match; a
 * table of a few dozen entries costs nanoseconds, and an empty table nothing.
 */
public final class ProfileTable {

    /** No profile: every host is perfect. */
    public static final ProfileTable EMPTY = new ProfileTable(List.of());

    /**
     * One range and its profile.
     *
     * @param range the addresses the profile applies to
     * @param name what the profile is called (a named profile of the config file, or the words themselves)
     * @param profile the behaviour
     * @param counters what the profile did, counted by the stack; shared by every table that keeps the entry, so that
     *     counts survive a change of the table
     */
    public record Entry(IpRange range, String name, HostProfile profile, ProfileCounters counters) {
        public Entry {
            Objects.requireNonNull(range, "range");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(profile, "profile");
            Objects.requireNonNull(counters, "counters");
        }
    }

    /** Narrowest first; among ranges as narrow, the later given first. */
    private final List<Entry> byPrecedence;
    private final Entry[] lookupOrder;
    /** Known when the table is built: every broadcast echo asks, and the table does not change. */
    private final boolean anyBroadcast;
    /** The {@code mac} words of the entries, known when the table is built: every TAP frame may ask. */
    private final long[] macs;

    private ProfileTable(List<Entry> entries) {
        List<Entry> ordered = new ArrayList<>(entries);
        Collections.reverse(ordered);
        // A stable sort keeps, among equally narrow ranges, the later given first.
        ordered.sort((a, b) -> a.range().isNarrowerThan(b.range()) ? -1 : b.range().isNarrowerThan(a.range()) ? 1 : 0);
        this.byPrecedence = List.copyOf(ordered);
        this.lookupOrder = ordered.toArray(new Entry[0]);
        this.anyBroadcast = ordered.stream().anyMatch(entry -> entry.profile().broadcast());
        this.macs = ordered.stream().filter(entry -> entry.profile().mac() != null)
                .mapToLong(entry -> entry.profile().mac().bits()).toArray();
    }

    /** A table of {@code entries}, in the order given (later ones win among equally narrow ranges). */
    public static ProfileTable of(List<Entry> entries) {
        return entries.isEmpty() ? EMPTY : new ProfileTable(entries);
    }

    /** The entry whose profile the address {@code high}:{@code low} of {@code family} has, or {@code null}. */
    public Entry lookup(IpFamily family, long high, long low) {
        for (Entry entry : lookupOrder) {
            if (entry.range().contains(family, high, low)) {
                return entry;
            }
        }
        return null;
    }

    public boolean isEmpty() {
        return lookupOrder.length == 0;
    }

    /** The entries, most specific first. */
    public List<Entry> entries() {
        return byPrecedence;
    }

    /** Whether any host of the table answers broadcast echo ({@link HostProfile#broadcast()}). */
    public boolean anyBroadcast() {
        return anyBroadcast;
    }

    /** Whether any host of the table has its own MAC address ({@link HostProfile#mac()}). */
    public boolean anyMac() {
        return macs.length > 0;
    }

    /** Whether {@code macBits} (48 bits, {@link io.tunstack.stack.address.MacAddress#bits()}) is a host's own MAC. */
    public boolean holdsMac(long macBits) {
        for (long mac : macs) {
            if (mac == macBits) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "ProfileTable" + byPrecedence;
    }
}
