package io.tunstack.stack.profile;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What one profile did to the packets of its hosts. Any number of writers (the workers of every device queue share the
 * table, and so its counters) and readers: each count is an atomic increment, read opaquely. Only packets to hosts with
 * a profile pay for it. Never allocates.
 */
public final class ProfileCounters {

    /** The kinds of things a profile does to a packet. */
    public enum Effect {
        /** A packet to a host of the profile. */
        MATCHED,
        /** An answer held back and sent later ({@code delay}). */
        DELAYED,
        /** A request dropped as if its answer were lost ({@code loss}). */
        LOST,
        /** An answer sent twice ({@code duplicate}). */
        DUPLICATED,
        /** A request to a host that is down ({@code down}, or {@code flap} in its down part). */
        DOWN,
        /** A request answered with Host Unreachable ({@code unreachable}). */
        UNREACHABLE,
        /** A probe whose TTL ran out at a virtual router ({@code hops}): answered with Time Exceeded. */
        EXPIRED_ON_THE_WAY,
        /** A request over the host's answer rate ({@code rate}). */
        RATE_LIMITED,
        /** An answer that found the queue of delayed answers full: dropped. */
        QUEUE_FULL;

        /** The lower-case, dash-separated name used in metric labels: {@code expired-on-the-way}. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    private static final VarHandle COUNTS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final Effect[] EFFECTS = Effect.values();

    private final long[] counts = new long[EFFECTS.length];

    /** Counts one {@code effect}. */
    public void count(Effect effect) {
        COUNTS.getAndAdd(counts, effect.ordinal(), 1L);
    }

    /** How often {@code effect} happened. */
    public long get(Effect effect) {
        return (long) COUNTS.getOpaque(counts, effect.ordinal());
    }
}
