package io.tunstack.stack.config;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.tunstack.stack.ip.IpIdGenerator;
import io.tunstack.stack.ip.IpIdentTable;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * What a {@link NetworkStack} takes from its surroundings: IP identifications, time and memory. Production uses
 * {@link #system()}; tests inject fixed values so that every reply is deterministic.
 *
 * @param ids chooses the Identification of the datagrams the stack originates
 * @param wallClock the time of day, for ICMP timestamp replies and the IP Timestamp option
 *     (milliseconds since midnight UT)
 * @param nanoClock a monotonic clock in nanoseconds ({@link System#nanoTime()}), for reassembly timeouts and rate
 *     limits
 * @param allocator allocates what the stack keeps or originates: held fragments, reassembled datagrams, ICMP errors
 *     and fragment scratch space (an echo reply reuses the request's buffer and allocates nothing)
 */
public record StackEnvironment(IpIdGenerator ids, InstantSource wallClock, LongSupplier nanoClock,
        ByteBufAllocator allocator) {

    public StackEnvironment {
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(wallClock, "wallClock");
        Objects.requireNonNull(nanoClock, "nanoClock");
        Objects.requireNonNull(allocator, "allocator");
    }

    /**
     * Linux-like identifications ({@link IpIdentTable}, randomly seeded), the system clocks and Netty's pooled
     * allocator. Each call makes a new ident table: give each stack its own environment.
     */
    public static StackEnvironment system() {
        return new StackEnvironment(new IpIdentTable(), InstantSource.system(), System::nanoTime,
                PooledByteBufAllocator.DEFAULT);
    }
}
