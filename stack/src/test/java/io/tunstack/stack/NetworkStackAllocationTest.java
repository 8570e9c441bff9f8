package io.tunstack.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tunstack.stack.address.InterfaceAddress;
import io.tunstack.stack.address.IpRange;
import io.tunstack.stack.address.Ipv4Address;
import io.tunstack.stack.config.StackConfig;
import io.tunstack.stack.ip.Transmitter;
import io.tunstack.stack.profile.HostProfile;
import io.tunstack.stack.profile.ProfileCounters;
import io.tunstack.stack.profile.ProfileSource;
import io.tunstack.stack.profile.ProfileTable;
import io.tunstack.stack.verdict.StackCounters;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The echo path allocates nothing: without profiles, with an empty table, and for a host outside every profile's
 * range. Measured with the JVM's per-thread allocation counter over many echoes after a warm-up.
 */
@ExtendWith(LeakDetection.class)
class NetworkStackAllocationTest {

    private static final int KERNEL = Ipv4Address.parse("172.21.22.23");
    private static final int HOST = Ipv4Address.parse("172.21.22.26");
    private static final int ECHOES = 20_000;

    private static long allocatedPerEcho(ProfileSource profiles) {
        StackConfig config = StackConfig.builder().address(InterfaceAddress.parse("172.21.22.23/24"))
                .profiles(profiles).build();
        byte[] request = CraftedPackets.echoRequest(KERNEL, HOST, 1, 1,
                Arrays.copyOfRange(CapturedPackets.ECHO_REQUEST_LOOPBACK, 28, 84));
        int[] transmitted = new int[1];
        Transmitter tx = packet -> transmitted[0]++;
        // An unpooled heap buffer: paranoid leak detection does not track it, so it records no access traces, which
        // would be allocations of the test's, not the stack's.
        ByteBuf packet = Unpooled.buffer(request.length);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (NetworkStack stack = new NetworkStack(config, new StackCounters(), TestEnvironment.fixed(7))) {
            long before = 0;
            for (int round = 0; round < 2; round++) {
                // The first round warms up (JIT, the allocator's thread cache); the second is measured.
                before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < ECHOES; i++) {
                    packet.setBytes(0, request).setIndex(0, request.length);
                    stack.receive(packet, tx);
                }
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(transmitted[0] > ECHOES, "echoes answered: " + transmitted[0]);
            return allocated / ECHOES;
        } finally {
            packet.release();
        }
    }

    @Test
    void noProfiles() {
        assertEquals(0, allocatedPerEcho(ProfileSource.NONE));
    }

    @Test
    void anEmptyTable() {
        assertEquals(0, allocatedPerEcho(ProfileSource.of(ProfileTable.EMPTY)));
    }

    @Test
    void aHostOutsideEveryProfile() {
        ProfileTable table = ProfileTable.of(List.of(new ProfileTable.Entry(IpRange.parse("172.21.22.100"), "slow",
                HostProfile.parse("delay 50ms"), new ProfileCounters())));
        assertEquals(0, allocatedPerEcho(ProfileSource.of(table)));
    }

    @Test
    void aHostWithAProfileThatHoldsNothing() {
        ProfileTable table = ProfileTable.of(List.of(new ProfileTable.Entry(IpRange.parse("172.21.22.26"), "windows",
                HostProfile.parse("ttl 128 hops 2 loss 0.1%"), new ProfileCounters())));
        assertEquals(0, allocatedPerEcho(ProfileSource.of(table)));
    }
}
