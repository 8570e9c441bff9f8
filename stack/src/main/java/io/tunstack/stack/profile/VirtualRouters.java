package io.tunstack.stack.profile;

import io.tunstack.stack.address.AddressSet;
import io.tunstack.stack.address.InterfaceAddress;
import io.tunstack.stack.address.IpAddress;

/**
 * The addresses of the virtual routers that stand in front of a host with {@code hops N}: router {@code t} (1..N) is
 * the t-th host address of the device's subnet, the device's own address skipped: with the defaults 172.21.22.1,
 * 172.21.22.2, ... and fd00:172:21:22::1, ::2, ... Router 1 is also the subnet's gateway, which answers for a host that
 * is {@code unreachable}. They lie inside the subnet routed to the device, so the kernel's reverse-path filter
 * ({@code rp_filter}) accepts the errors they send; never the device's own address, which the kernel would drop as a
 * martian source. A subnet with fewer host addresses than {@link HostProfile#MAX_HOPS} gives its last one to the
 * routers beyond.
 */
public final class VirtualRouters {

    private final long[] highs = new long[HostProfile.MAX_HOPS + 1];
    private final long[] lows = new long[HostProfile.MAX_HOPS + 1];

    /** The routers of {@code device}'s subnet. */
    public VirtualRouters(InterfaceAddress device) {
        AddressSet hosts = device.hosts().without(device.address());
        IpAddress router = device.address();
        IpAddress candidate = device.network();
        int t = 0;
        while (t < HostProfile.MAX_HOPS && candidate.compareTo(device.last()) < 0) {
            candidate = candidate.plus(1);
            if (hosts.contains(candidate)) {
                router = candidate;
                t++;
                highs[t] = router.high();
                lows[t] = router.low();
            }
        }
        for (t++; t <= HostProfile.MAX_HOPS; t++) {
            highs[t] = router.high();
            lows[t] = router.low();
        }
    }

    /** The high 64 bits of router {@code t} (1..{@value HostProfile#MAX_HOPS}); 0 for IPv4. */
    public long high(int t) {
        return highs[t];
    }

    /** The low 64 bits of router {@code t}; an IPv4 address in the low 32 bits. */
    public long low(int t) {
        return lows[t];
    }
}
