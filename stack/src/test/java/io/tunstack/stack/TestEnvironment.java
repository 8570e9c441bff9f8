package io.tunstack.stack;

import io.netty.buffer.PooledByteBufAllocator;
import io.tunstack.stack.config.StackEnvironment;
import io.tunstack.stack.ip.IpIdGenerator;
import java.time.Instant;
import java.time.InstantSource;
import java.util.function.LongSupplier;

/** Deterministic {@link StackEnvironment}s for tests: fixed ids, a fixed wall clock and a manual monotonic clock. */
public final class TestEnvironment {

    /** The wall-clock time every test stack sees: 12:00:00 UT, so 43,200,000 ms since midnight UT. */
    public static final Instant NOON = Instant.parse("2026-11-26T12:00:00Z");

    private TestEnvironment() {
    }

    /** An environment whose ids come from {@code ids}, at {@link #NOON}, with the given monotonic clock. */
    public static StackEnvironment fixed(IpIdGenerator ids, LongSupplier nanoClock) {
        return new StackEnvironment(ids, InstantSource.fixed(NOON), nanoClock, PooledByteBufAllocator.DEFAULT);
    }

    /** An environment whose every id is {@code id}, at {@link #NOON}, whose monotonic clock stands still at 0. */
    public static StackEnvironment fixed(int id) {
        return fixed((destination, source, protocol) -> id, () -> 0L);
    }

    /** A monotonic clock that moves only when told to. */
    public static final class ManualNanoClock implements LongSupplier {
        private long nanos;

        @Override
        public long getAsLong() {
            return nanos;
        }

        /** Moves the clock forward. */
        public void advance(java.time.Duration duration) {
            nanos += duration.toNanos();
        }
    }
}
