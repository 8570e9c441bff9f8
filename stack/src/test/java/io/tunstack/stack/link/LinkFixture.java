package io.tunstack.stack.link;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.tunstack.stack.NetworkStack;
import io.tunstack.stack.TestEnvironment;
import io.tunstack.stack.TestEnvironment.ManualNanoClock;
import io.tunstack.stack.address.AddressSet;
import io.tunstack.stack.address.InterfaceAddress;
import io.tunstack.stack.address.IpRange;
import io.tunstack.stack.config.StackConfig;
import io.tunstack.stack.profile.HostProfile;
import io.tunstack.stack.profile.ProfileCounters;
import io.tunstack.stack.profile.ProfileSource;
import io.tunstack.stack.profile.ProfileTable;
import io.tunstack.stack.verdict.StackCounters;
import java.util.ArrayList;
import java.util.List;

/**
 * A stack as the captured frames need it: the kernel's side 172.21.22.23/24 and fd00:172:21:22::23/64, the hosts
 * .24-.40 and ::24-::40 answered, profiles given as {@code "ADDRESS WORDS"}, a manual clock and fixed IP ids.
 */
final class LinkFixture implements AutoCloseable {

    /** The worker's read buffer is 64 KiB; 2 KiB is room enough for the frames of the tests. */
    private static final int READ_BUFFER = 2048;

    final ManualNanoClock clock = new ManualNanoClock();
    final StackCounters counters = new StackCounters();
    final NetworkStack stack;
    final HostMacs macs;
    private EthernetLayer layer;
    private boolean closed;

    LinkFixture(int ipId, String... profiles) {
        List<ProfileTable.Entry> entries = new ArrayList<>();
        for (String profile : profiles) {
            int space = profile.indexOf(' ');
            entries.add(new ProfileTable.Entry(IpRange.parse(profile.substring(0, space)), profile,
                    HostProfile.parse(profile.substring(space + 1)), new ProfileCounters()));
        }
        StackConfig config = StackConfig.builder()
                .address(InterfaceAddress.parse("172.21.22.23/24"))
                .address(InterfaceAddress.parse("fd00:172:21:22::23/64"))
                .answered(AddressSet.parse("172.21.22.24-172.21.22.40,fd00:172:21:22::24-fd00:172:21:22::40"))
                .profiles(ProfileSource.of(ProfileTable.of(entries)))
                .build();
        stack = new NetworkStack(config, counters, TestEnvironment.fixed((d, s, p) -> ipId, clock));
        macs = HostMacs.of(stack, clock);
    }

    /** A frame in a pooled direct buffer with room after it, as the worker reads one; the caller releases it. */
    static ByteBuf frame(byte[] bytes) {
        return PooledByteBufAllocator.DEFAULT.directBuffer(READ_BUFFER).writeBytes(bytes);
    }

    /** The layer in front of {@link #stack}, made once; it owns the stack from then on. */
    EthernetLayer layer() {
        if (layer == null) {
            layer = new EthernetLayer(stack, macs, counters, clock, PooledByteBufAllocator.DEFAULT);
        }
        return layer;
    }

    /** Closes the layer, or the stack when no layer was made; once. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (layer != null) {
            layer.close();
        } else {
            stack.close();
        }
    }
}
