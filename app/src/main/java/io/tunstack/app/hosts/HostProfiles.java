package io.tunstack.app.hosts;

import io.tunstack.stack.address.IpRange;
import io.tunstack.stack.profile.HostProfile;
import io.tunstack.stack.profile.ProfileCounters;
import io.tunstack.stack.profile.ProfileSource;
import io.tunstack.stack.profile.ProfileTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The profiles in force, changed live: by a reload of the config file (SIGHUP) and by the control API, while the
 * workers read them once per packet.
 *
 * <p>The hosts are kept in the order given: the config file's first, then {@code --host}'s, then the control API's
 * changes; among equally narrow ranges the later one wins ({@link ProfileTable}), so the command line wins over the
 * file and the API over both. A reload replaces the file's part and the API's changes: the table is then the file's
 * plus the command line's again, as a restart would make it.
 *
 * <p>Each change builds one immutable {@link ProfileTable} per worker queue and publishes them together through a
 * volatile field; a worker's {@link #source(int)} reads that field once per packet and never waits. Packets already
 * held (delayed answers) keep what they were given. Each queue counts into its own {@link ProfileCounters}, one per
 * profile name, so that every counter has a single writer; the counters of a name live as long as tunstack, and a
 * listing adds up the queues.
 */
public final class HostProfiles {

    /** Where a host's profile came from, for listings. */
    public enum Origin {
        /** The config file's {@code [hosts]}. */
        FILE,
        /** A {@code --host} option. */
        COMMAND_LINE,
        /** A {@code PUT} of the control API. */
        CONTROL_API;

        /** {@code file}, {@code command-line}, {@code control-api}. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * One range with its profile.
     *
     * @param range the addresses
     * @param name the profile's name ({@link HostAssignment#name()})
     * @param profile the behaviour
     * @param origin who set it
     */
    public record Host(IpRange range, String name, HostProfile profile, Origin origin) {
    }

    private final int queues;
    /** Per queue: the counters of each profile name; guarded by this. */
    private final List<Map<String, ProfileCounters>> counters = new ArrayList<>();

    /** Guarded by this. */
    private Map<String, HostProfile> named = Map.of();
    /** In precedence order, the file's, the command line's, the API's; guarded by this. */
    private List<Host> hosts = List.of();

    /** One table per queue, replaced whole. */
    private volatile ProfileTable[] tables;

    /**
     * @param queues how many workers read the profiles, each with its own counters
     */
    public HostProfiles(int queues) {
        if (queues < 1) {
            throw new IllegalArgumentException("queues: " + queues + " (expected: 1+)");
        }
        this.queues = queues;
        for (int queue = 0; queue < queues; queue++) {
            counters.add(new HashMap<>());
        }
        ProfileTable[] empty = new ProfileTable[queues];
        java.util.Arrays.fill(empty, ProfileTable.EMPTY);
        tables = empty;
    }

    /** The profiles of queue {@code queue}'s worker: the table in force, one volatile read. */
    public ProfileSource source(int queue) {
        if (queue < 0 || queue >= queues) {
            throw new IllegalArgumentException("queue " + queue + " (expected: 0.." + (queues - 1) + ")");
        }
        return () -> tables[queue];
    }

    /**
     * Sets what the config file and the command line say, replacing everything (at start-up, and on a reload).
     *
     * @param namedProfiles the config file's named profiles
     * @param fromFile the config file's hosts, in the file's order
     * @param fromCommandLine the {@code --host} options, in order, read again with the file's named profiles
     */
    public synchronized void load(Map<String, HostProfile> namedProfiles, List<HostAssignment> fromFile,
            List<HostAssignment> fromCommandLine) {
        named = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(namedProfiles));
        List<Host> all = new ArrayList<>();
        fromFile.forEach(assignment -> all.addAll(hosts(assignment, Origin.FILE)));
        fromCommandLine.forEach(assignment -> all.addAll(hosts(assignment, Origin.COMMAND_LINE)));
        publish(all);
    }

    /** The config file's named profiles, by name. */
    public synchronized Map<String, HostProfile> named() {
        return named;
    }

    /**
     * Gives each range of {@code assignment} its profile from the next packet on, replacing what an equal range had
     * (a wider or narrower range keeps its own).
     */
    public synchronized void set(HostAssignment assignment) {
        List<Host> all = new ArrayList<>(hosts);
        for (IpRange range : assignment.ranges()) {
            all.removeIf(host -> host.range().equals(range));
        }
        all.addAll(hosts(assignment, Origin.CONTROL_API));
        publish(all);
    }

    /**
     * Takes the profile of each range of {@code ranges} away from the next packet on (only that exact range: a wider
     * one that holds it applies again).
     *
     * @return how many entries were removed; 0 when no range had a profile
     */
    public synchronized int remove(List<IpRange> ranges) {
        List<Host> all = new ArrayList<>(hosts);
        int before = all.size();
        for (IpRange range : ranges) {
            all.removeIf(host -> host.range().equals(range));
        }
        int removed = before - all.size();
        if (removed > 0) {
            publish(all);
        }
        return removed;
    }

    /** The hosts with a profile, in precedence order: the later wins among equally narrow ranges. */
    public synchronized List<Host> hosts() {
        return hosts;
    }

    /**
     * What each profile did so far, added up over the queues, by name: the profiles in force first (in the order of
     * {@link #hosts()}), then those no longer in force that did something.
     */
    public synchronized Map<String, long[]> counts() {
        Map<String, long[]> counts = new LinkedHashMap<>();
        for (Host host : hosts) {
            counts.putIfAbsent(host.name(), sum(host.name()));
        }
        for (String name : counters.get(0).keySet()) {
            long[] sum = sum(name);
            if (!counts.containsKey(name) && sum[ProfileCounters.Effect.MATCHED.ordinal()] > 0) {
                counts.put(name, sum);
            }
        }
        return counts;
    }

    /** The words of the profile called {@code name} now in force, or {@code null} when none is. */
    public synchronized HostProfile profileNamed(String name) {
        for (Host host : hosts) {
            if (host.name().equals(name)) {
                return host.profile();
            }
        }
        return named.get(name);
    }

    private long[] sum(String name) {
        ProfileCounters.Effect[] effects = ProfileCounters.Effect.values();
        long[] sum = new long[effects.length];
        for (Map<String, ProfileCounters> queue : counters) {
            ProfileCounters c = queue.get(name);
            if (c != null) {
                for (ProfileCounters.Effect effect : effects) {
                    sum[effect.ordinal()] += c.get(effect);
                }
            }
        }
        return sum;
    }

    private static List<Host> hosts(HostAssignment assignment, Origin origin) {
        List<Host> hosts = new ArrayList<>();
        for (IpRange range : assignment.ranges()) {
            hosts.add(new Host(range, assignment.name(), assignment.profile(), origin));
        }
        return hosts;
    }

    /** Builds one table per queue from {@code all} and publishes them together. Called holding the lock. */
    private void publish(List<Host> all) {
        ProfileTable[] next = new ProfileTable[queues];
        for (int queue = 0; queue < queues; queue++) {
            Map<String, ProfileCounters> ofQueue = counters.get(queue);
            List<ProfileTable.Entry> entries = new ArrayList<>();
            for (Host host : all) {
                entries.add(new ProfileTable.Entry(host.range(), host.name(), host.profile(),
                        ofQueue.computeIfAbsent(host.name(), name -> new ProfileCounters())));
            }
            next[queue] = ProfileTable.of(entries);
        }
        hosts = List.copyOf(all);
        tables = next;
    }
}
