package io.tunstack.stack.profile;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.address.AddressSet;
import io.tunstack.stack.address.IpFamily;
import io.tunstack.stack.ip.DatagramOutput;
import io.tunstack.stack.ip.DelayLine;
import io.tunstack.stack.ip.Transmitter;
import io.tunstack.stack.limit.PerSourceRateLimiter;
import io.tunstack.stack.profile.ProfileCounters.Effect;
import io.tunstack.stack.verdict.Answer;
import io.tunstack.stack.verdict.DropReason;
import java.security.SecureRandom;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * What the profiles do to the packets of one {@link io.tunstack.stack.NetworkStack}: the decisions before a request
 * reaches its host ({@link #admit}) and the fate of the host's answer ({@link #emit}). Family-neutral; each network
 * layer asks it for the host a datagram is sent to, and builds the packets (Time Exceeded, Host Unreachable) it calls
 * for.
 *
 * <p>Before the host, in this order (the first that applies wins):
 * <ol>
 *   <li>{@code hops N}: a request whose TTL (hop limit) {@code t} is at most N dies at virtual router {@code t}
 *       ({@link Fate#EXPIRED_ON_THE_WAY}; see {@link VirtualRouters}). The routers are up whatever the host is, so
 *       {@code traceroute} shows the path to a host that is down, as it would on a real network.</li>
 *   <li>{@code down}, or {@code flap UP DOWN} in its down part: {@link Fate#DOWN}, nothing at all is sent. A flap
 *       starts up when the stack starts: the host is down while {@code (now - start) mod (UP + DOWN) >= UP}, where
 *       {@code start} is the stack's construction on the monotonic clock.</li>
 *   <li>{@code unreachable}: {@link Fate#UNREACHABLE}, answered with Host Unreachable by the last router before the
 *       host (router N, or router 1, the subnet's gateway, when the host has no hops), as a Linux router answers when
 *       its neighbour does not resolve.</li>
 *   <li>{@code loss P [CORR]}: {@link Fate#LOST} with netem's correlated chance (see {@link NetemRandom}).</li>
 *   <li>{@code rate N/s}: {@link Fate#RATE_LIMITED} beyond N requests a second to the host, after a burst of N (a
 *       token bucket per host address, in a table of {@value #RATE_TABLE_CAPACITY} hosts per profile that forgets the
 *       least recently seen, as {@link PerSourceRateLimiter} does).</li>
 * </ol>
 *
 * <p>On the answer (and on errors the host itself originates, such as Port Unreachable or a TCP reset):
 * {@link #answerHopLimit} (the profile's {@code ttl}, or 64, less its hops); {@code duplicate} sends a second copy;
 * each copy gets its own delay, drawn from the profile's distribution and correlation as netem draws it, and is sent at
 * once when that delay is 0, else held in the {@link DelayLine} until it is due. So answers are reordered by jitter, and
 * a duplicate may arrive before its original, as behind netem. The virtual routers' errors leave at once: the delay
 * is the host's. TCP's retransmissions from timers are not shaped.
 *
 * <p>Randomness comes from one generator seeded by the configuration's seed (or a seed drawn at start,
 * {@link #seed()}), so that the same packets in the same order meet the same fate. The correlation of loss and delay is
 * kept per profile entry (by its {@link ProfileCounters}, which survive a change of the table), as if each profile were
 * a netem qdisc of its own.
 *
 * <p>Single-threaded; one per stack. A request to a host with a profile reads a map and draws numbers; nothing is
 * allocated after a profile entry's first packet, but a held answer's copy.
 */
public final class HostBehaviour {

    /** What a profile does to a request before its host sees it. */
    public enum Fate {
        /** The host gets the request. */
        DELIVER(null),
        /** The request's TTL runs out at virtual router {@link #router()}: Time Exceeded from it. */
        EXPIRED_ON_THE_WAY(DropReason.EXPIRED_ON_THE_WAY),
        /** The host is down: nothing is sent. */
        DOWN(DropReason.HOST_DOWN),
        /** The host is unreachable: Host Unreachable from router {@link #router()}. */
        UNREACHABLE(DropReason.HOST_UNREACHABLE),
        /** The request is lost. */
        LOST(DropReason.PROFILE_LOSS),
        /** The host answers no more this second. */
        RATE_LIMITED(DropReason.PROFILE_RATE_LIMITED);

        private final DropReason dropReason;

        Fate(DropReason dropReason) {
            this.dropReason = dropReason;
        }

        /** Why the request is dropped; {@code null} for {@link #DELIVER}. */
        public DropReason dropReason() {
            return dropReason;
        }
    }

    /**
     * The most answers one echo request to a broadcast or all-nodes address gets from hosts whose profiles say
     * {@code broadcast}: the first hosts of the table (most specific range first, each range in address order).
     */
    public static final int BROADCAST_ANSWERS = 256;
    /** The most addresses looked at for one such request, so that a wide range costs a bounded time. */
    static final int BROADCAST_CANDIDATES = 4096;

    /**
     * The hop limit to {@link #admit} a request with that crosses no router: one to a broadcast or multicast address,
     * which stays on the link, whatever the hops of the hosts that answer it.
     */
    public static final int ON_THE_LINK = Integer.MAX_VALUE;

    /** How many hosts a profile's {@code rate} remembers. */
    static final int RATE_TABLE_CAPACITY = 1024;

    private final long seed;
    private final SplittableRandom random;
    private final LongSupplier nanoClock;
    private final long startNanos;
    private final DelayLine delayLine;
    private final IdentityHashMap<ProfileCounters, HostState> states = new IdentityHashMap<>();
    /** The table whose entries {@link #states} was last pruned to. */
    private ProfileTable statesFor;
    private int router;
    /** What the profiles did to the packet last received, for traces: see {@link #lastEntry()}. */
    private ProfileTable.Entry lastEntry;
    private long lastDelayNanos;
    private boolean lastDuplicated;
    /** The hosts found by {@link #findBroadcastHosts}. */
    private final long[] broadcastHighs = new long[BROADCAST_ANSWERS];
    private final long[] broadcastLows = new long[BROADCAST_ANSWERS];
    private final ProfileTable.Entry[] broadcastEntries = new ProfileTable.Entry[BROADCAST_ANSWERS];

    /**
     * @param seed the generator's seed, or {@code null} for one drawn from {@link SecureRandom}
     * @param nanoClock the stack's monotonic clock; the flap phase counts from its value now
     * @param delayLine where delayed answers wait
     */
    public HostBehaviour(Long seed, LongSupplier nanoClock, DelayLine delayLine) {
        this.seed = seed != null ? seed : new SecureRandom().nextLong();
        this.random = new SplittableRandom(this.seed);
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
        this.delayLine = delayLine;
    }

    /** The seed in use: the configured one, or the one drawn at start, to repeat a run with. */
    public long seed() {
        return seed;
    }

    /**
     * Decides what becomes of a request to the host {@code high}:{@code low} of {@code entry} (found in
     * {@code table}) whose TTL or hop limit is {@code hopLimit}, at {@code nowNanos}, and counts it in the entry's
     * counters.
     */
    public Fate admit(ProfileTable table, ProfileTable.Entry entry, long high, long low, int hopLimit,
            long nowNanos) {
        HostProfile profile = entry.profile();
        ProfileCounters counters = entry.counters();
        counters.count(Effect.MATCHED);
        lastEntry = entry;
        if (hopLimit <= profile.hops()) {
            router = Math.max(1, hopLimit);
            counters.count(Effect.EXPIRED_ON_THE_WAY);
            return Fate.EXPIRED_ON_THE_WAY;
        }
        if (isDown(profile, nowNanos)) {
            counters.count(Effect.DOWN);
            return Fate.DOWN;
        }
        if (profile.unreachable()) {
            router = Math.max(1, profile.hops());
            counters.count(Effect.UNREACHABLE);
            return Fate.UNREACHABLE;
        }
        if (profile.loss() > 0 || profile.ratePerSecond() > 0) {
            HostState state = state(table, entry);
            if (profile.loss() > 0 && state.nextLoss(random, profile.lossCorrelation()) < profile.loss()) {
                counters.count(Effect.LOST);
                return Fate.LOST;
            }
            if (profile.ratePerSecond() > 0 && !state.limiter(profile.ratePerSecond(), nanoClock).tryAcquire(high,
                    low)) {
                counters.count(Effect.RATE_LIMITED);
                return Fate.RATE_LIMITED;
            }
        }
        return Fate.DELIVER;
    }

    /**
     * Finds the hosts of {@code family} that answer an echo to the broadcast or all-nodes address: the answered
     * addresses whose own profile (the most specific) says {@code broadcast}, at most {@value #BROADCAST_ANSWERS}.
     * Read them with {@link #broadcastHostHigh}, {@link #broadcastHostLow} and {@link #broadcastHostEntry}.
     *
     * @return how many were found
     */
    public int findBroadcastHosts(ProfileTable table, IpFamily family, AddressSet answered) {
        int found = 0;
        int candidates = 0;
        for (ProfileTable.Entry entry : table.entries()) {
            if (!entry.profile().broadcast() || entry.range().family() != family) {
                continue;
            }
            long high = entry.range().first().high();
            long low = entry.range().first().low();
            long lastHigh = entry.range().last().high();
            long lastLow = entry.range().last().low();
            while (found < BROADCAST_ANSWERS && candidates++ < BROADCAST_CANDIDATES) {
                boolean isAnswered = family == IpFamily.IPV4 ? answered.containsIpv4((int) low)
                        : answered.containsIpv6(high, low);
                if (isAnswered && table.lookup(family, high, low) == entry) {
                    broadcastHighs[found] = high;
                    broadcastLows[found] = low;
                    broadcastEntries[found] = entry;
                    found++;
                }
                if (high == lastHigh && low == lastLow) {
                    break;
                }
                low++;
                if (low == 0) {
                    high++;
                }
            }
        }
        return found;
    }

    /** The high 64 bits of broadcast host {@code i} (0 for IPv4). */
    public long broadcastHostHigh(int i) {
        return broadcastHighs[i];
    }

    /** The low 64 bits of broadcast host {@code i}. */
    public long broadcastHostLow(int i) {
        return broadcastLows[i];
    }

    /** The profile entry of broadcast host {@code i}. */
    public ProfileTable.Entry broadcastHostEntry(int i) {
        return broadcastEntries[i];
    }

    /**
     * Whether a host of {@code profile} is powered off at {@code nowNanos}: {@code down}, or {@code flap} in its down
     * part. Counts nothing; the link layer asks it before it answers ARP or NDP for the host, since a powered-off host
     * answers nothing.
     */
    public boolean isDown(HostProfile profile, long nowNanos) {
        return profile.down() || profile.flaps() && isFlapDown(profile, nowNanos);
    }

    /** Whether a flapping host is in its down part at {@code nowNanos}. */
    boolean isFlapDown(HostProfile profile, long nowNanos) {
        long period = profile.flapUpNanos() + profile.flapDownNanos();
        return Math.floorMod(nowNanos - startNanos, period) >= profile.flapUpNanos();
    }

    /**
     * The virtual router (1..{@value HostProfile#MAX_HOPS}) of the last {@link Fate#EXPIRED_ON_THE_WAY} or
     * {@link Fate#UNREACHABLE}.
     */
    public int router() {
        return router;
    }

    /**
     * The TTL or hop limit a host's answer arrives with: the profile's {@code ttl} (or Linux's 64) less one for each
     * virtual router it crosses on the way back, at least 1.
     *
     * @param defaultHopLimit the stack's TTL, {@code StackConfig.DEFAULT_HOP_LIMIT}
     */
    public static int answerHopLimit(HostProfile profile, int defaultHopLimit) {
        int ttl = profile.ttl() > 0 ? profile.ttl() : defaultHopLimit;
        return Math.max(1, ttl - profile.hops());
    }

    /**
     * The TTL or hop limit an error from virtual router {@code t} arrives with: the routers' own (Linux's 64, the
     * stack's {@code defaultHopLimit}) less the {@code t - 1} routers it crosses on the way back.
     */
    public static int routerHopLimit(int t, int defaultHopLimit) {
        return defaultHopLimit - (t - 1);
    }

    /**
     * Sends or holds the host's answer {@code datagram} (one IP datagram at its reader index, borrowed, its TTL already
     * set) by the entry's profile: once, or twice with {@code duplicate}; each copy at once or after its own delay.
     * Sent copies go through {@code output} at once; held ones leave through it later.
     *
     * @return {@code null} when at least one copy was sent or held, or {@link DropReason#DELAY_QUEUE_FULL} when none
     *     found room in the delay line
     */
    public DropReason emit(ProfileTable table, ProfileTable.Entry entry, ByteBuf datagram, Answer kind,
            DatagramOutput output, Transmitter tx) {
        HostProfile profile = entry.profile();
        lastEntry = entry;
        lastDelayNanos = 0;
        lastDuplicated = false;
        if (!profile.delays() && profile.duplicate() == 0) {
            output.send(datagram, kind, tx);
            return null;
        }
        HostState state = state(table, entry);
        long now = nanoClock.getAsLong();
        boolean twice = profile.duplicate() > 0 && random.nextDouble() < profile.duplicate();
        lastDuplicated = twice;
        lastDelayNanos = -1;
        boolean sent = emitCopy(entry, state, datagram, kind, output, tx, now);
        if (twice) {
            entry.counters().count(Effect.DUPLICATED);
            sent |= emitCopy(entry, state, datagram, kind, output, tx, now);
        }
        return sent ? null : DropReason.DELAY_QUEUE_FULL;
    }

    private boolean emitCopy(ProfileTable.Entry entry, HostState state, ByteBuf datagram, Answer kind,
            DatagramOutput output, Transmitter tx, long now) {
        long delay = delay(entry.profile(), state);
        if (lastDelayNanos < 0) {
            lastDelayNanos = Math.max(0, delay);
        }
        if (delay <= 0) {
            output.send(datagram, kind, tx);
            return true;
        }
        if (!delayLine.hold(datagram, now + delay, kind, output)) {
            entry.counters().count(Effect.QUEUE_FULL);
            return false;
        }
        entry.counters().count(Effect.DELAYED);
        return true;
    }

    /** Forgets what the profiles did to the previous packet; the stack calls it as each packet arrives. */
    public void clearLast() {
        lastEntry = null;
    }

    /**
     * The profile entry that applied to the packet last received (the last host's, for a broadcast answered by
     * several), or {@code null} when none did; with the verdict and {@link #lastDelayNanos()} and
     * {@link #lastDuplicated()}, what a trace says the profile did.
     */
    public ProfileTable.Entry lastEntry() {
        return lastEntry;
    }

    /**
     * How long the answer to the packet last received was held (its first copy), 0 when it was sent at once; valid
     * when {@link #lastEntry()} is not {@code null} and the packet was answered.
     */
    public long lastDelayNanos() {
        return lastDelayNanos;
    }

    /** Whether the answer to the packet last received was sent twice ({@code duplicate}); as {@link #lastDelayNanos}. */
    public boolean lastDuplicated() {
        return lastDuplicated;
    }

    /** netem's tabledist(): the delay of one answer, at least 0. */
    long delay(HostProfile profile, HostState state) {
        if (profile.jitterNanos() == 0) {
            return profile.delayNanos();
        }
        double u = state.nextDelay(random, profile.delayCorrelation());
        double delay = profile.delayNanos() + profile.jitterNanos() * NetemRandom.deviation(profile.distribution(), u);
        return Math.max(0, Math.round(delay));
    }

    /** The state of {@code entry}, made at its first packet; the states of entries no longer in force are dropped. */
    HostState state(ProfileTable table, ProfileTable.Entry entry) {
        if (table != statesFor) {
            prune(table);
        }
        HostState state = states.get(entry.counters());
        if (state == null) {
            state = new HostState(random);
            states.put(entry.counters(), state);
        }
        return state;
    }

    private void prune(ProfileTable table) {
        statesFor = table;
        IdentityHashMap<ProfileCounters, Boolean> current = new IdentityHashMap<>();
        for (ProfileTable.Entry entry : table.entries()) {
            current.put(entry.counters(), Boolean.TRUE);
        }
        for (Iterator<ProfileCounters> keys = states.keySet().iterator(); keys.hasNext(); ) {
            if (!current.containsKey(keys.next())) {
                keys.remove();
            }
        }
    }

    /** What one profile entry remembers between packets: netem's correlation states and the per-host rate. */
    static final class HostState {
        /** netem init_crandom(): the correlation starts from a random value. */
        private double lastLoss;
        private double lastDelay;
        private PerSourceRateLimiter limiter;
        private int limiterRate;

        HostState(SplittableRandom random) {
            this.lastLoss = random.nextDouble();
            this.lastDelay = random.nextDouble();
        }

        double nextLoss(SplittableRandom random, double correlation) {
            lastLoss = NetemRandom.correlated(random.nextDouble(), lastLoss, correlation);
            return lastLoss;
        }

        double nextDelay(SplittableRandom random, double correlation) {
            lastDelay = NetemRandom.correlated(random.nextDouble(), lastDelay, correlation);
            return lastDelay;
        }

        PerSourceRateLimiter limiter(int perSecond, LongSupplier nanoClock) {
            if (limiter == null || limiterRate != perSecond) {
                limiter = new PerSourceRateLimiter(RATE_TABLE_CAPACITY, perSecond, perSecond, nanoClock);
                limiterRate = perSecond;
            }
            return limiter;
        }
    }
}
