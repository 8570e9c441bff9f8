package io.tunstack.stack.link;

import io.tunstack.stack.NetworkStack;
import io.tunstack.stack.address.AddressSet;
import io.tunstack.stack.address.IpAddress;
import io.tunstack.stack.address.IpFamily;
import io.tunstack.stack.address.MacAddress;
import io.tunstack.stack.config.StackConfig;
import io.tunstack.stack.profile.HostBehaviour;
import io.tunstack.stack.profile.ProfileSource;
import io.tunstack.stack.profile.ProfileTable;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The virtual hosts as the Ethernet link sees them: which MAC address each has, which MAC addresses are theirs, and
 * which of them answer ARP and NDP now.
 *
 * <p>A host's MAC is its profile's {@code mac} when it has one, else derived from its IP address, locally
 * administered (the U/L bit 0x02 set) and unicast (the I/G bit clear), so that it never collides with a vendor's:
 * <ul>
 *   <li>IPv4 a.b.c.d: {@code 02:54:a:b:c:d} (0x54 is "T"), e.g. 172.21.22.26 has 02:54:ac:15:16:1a;</li>
 *   <li>IPv6: {@code 02:56:} and the address's last 4 bytes, e.g. fd00:172:21:22::26 has 02:56:00:00:00:26.</li>
 * </ul>
 * The kernel's own address is not answered, so it keeps the device's MAC: tunstack never claims it.
 *
 * <p>A host whose profile is {@code down}, or {@code flap} in its down part, is powered off: it answers neither ARP
 * nor NDP ({@link #isUpIpv4}, {@link #isUpIpv6}), as the stack gives it no answer either.
 *
 * <p>The packet path uses the {@code long} forms ({@link #macBitsOfIpv4}, {@link #isHostMac}), which allocate
 * nothing; with an empty profile table they cost a length check. Single-threaded, like the stack it belongs to.
 */
public final class HostMacs {

    /** The first two bytes of a MAC derived from an IPv4 address, in the high bits of the 48: 02:54. */
    static final long IPV4_PREFIX = 0x0254L << Integer.SIZE;
    /** The first two bytes of a MAC derived from an IPv6 address: 02:56. */
    static final long IPV6_PREFIX = 0x0256L << Integer.SIZE;
    private static final long PREFIX_MASK = 0xFFFFL << Integer.SIZE;

    private final StackConfig config;
    private final AddressSet answered;
    private final ProfileSource profiles;
    private final HostBehaviour behaviour;
    private final LongSupplier nanoClock;

    /**
     * @param config the answered addresses and the profiles in force
     * @param behaviour tells whether a host is down now (the stack's, {@link NetworkStack#profileEffects()})
     * @param nanoClock the stack's monotonic clock, for the flap phase
     */
    public HostMacs(StackConfig config, HostBehaviour behaviour, LongSupplier nanoClock) {
        this.config = Objects.requireNonNull(config, "config");
        this.answered = config.answered();
        this.profiles = config.profiles();
        this.behaviour = Objects.requireNonNull(behaviour, "behaviour");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /** The hosts of {@code stack}, whose environment's monotonic clock is {@code nanoClock}. */
    public static HostMacs of(NetworkStack stack, LongSupplier nanoClock) {
        return new HostMacs(stack.config(), stack.profileEffects(), nanoClock);
    }

    /** The MAC derived from the IPv4 address {@code address}: 02:54 and its 4 bytes. */
    public static long derivedIpv4(int address) {
        return IPV4_PREFIX | Integer.toUnsignedLong(address);
    }

    /** The MAC derived from an IPv6 address whose bytes 8-15 are {@code low}: 02:56 and its last 4 bytes. */
    public static long derivedIpv6(long low) {
        return IPV6_PREFIX | low & 0xFFFFFFFFL;
    }

    /** The MAC of the host {@code address}: its profile's {@code mac}, or the derived one. */
    public MacAddress macOf(IpAddress address) {
        return MacAddress.of(address.isIpv4() ? macBitsOfIpv4(address.ipv4())
                : macBitsOfIpv6(address.high(), address.low()));
    }

    /** The MAC of the IPv4 host {@code address}. */
    public MacAddress macOfIpv4(int address) {
        return MacAddress.of(macBitsOfIpv4(address));
    }

    /** The MAC of the IPv6 host {@code high}:{@code low}. */
    public MacAddress macOfIpv6(long high, long low) {
        return MacAddress.of(macBitsOfIpv6(high, low));
    }

    /** {@link #macOfIpv4} as bits, without allocating. */
    public long macBitsOfIpv4(int address) {
        long profileMac = profileMac(IpFamily.IPV4, 0, Integer.toUnsignedLong(address));
        return profileMac >= 0 ? profileMac : derivedIpv4(address);
    }

    /** {@link #macOfIpv6} as bits, without allocating. */
    public long macBitsOfIpv6(long high, long low) {
        long profileMac = profileMac(IpFamily.IPV6, high, low);
        return profileMac >= 0 ? profileMac : derivedIpv6(low);
    }

    /** The {@code mac} word of the address's profile, or -1 when it has none. */
    private long profileMac(IpFamily family, long high, long low) {
        ProfileTable table = profiles.current();
        if (!table.anyMac()) {
            return -1;
        }
        ProfileTable.Entry entry = table.lookup(family, high, low);
        return entry != null && entry.profile().mac() != null ? entry.profile().mac().bits() : -1;
    }

    /**
     * Whether frames to the unicast MAC {@code macBits} are for a virtual host: a profile's {@code mac}, or a derived
     * MAC that is still its host's. An IPv4-derived MAC is checked against the answered addresses; an IPv6-derived one
     * holds only the address's last 4 bytes, so every one is taken while the stack runs IPv6, and the IPv6 layer
     * drops what is not for an answered address.
     */
    public boolean isHostMac(long macBits) {
        long prefix = macBits & PREFIX_MASK;
        if (prefix == IPV4_PREFIX) {
            int address = (int) macBits;
            if (answered.containsIpv4(address) && macBitsOfIpv4(address) == macBits) {
                return true;
            }
        } else if (prefix == IPV6_PREFIX && config.runs(IpFamily.IPV6)) {
            return true;
        }
        return profiles.current().holdsMac(macBits);
    }

    /** Whether {@code address} is a virtual host's: the stack answers for it (up or down). */
    public boolean isHostIpv4(int address) {
        return answered.containsIpv4(address);
    }

    /** Whether {@code high}:{@code low} is a virtual host's: the stack answers for it (up or down). */
    public boolean isHostIpv6(long high, long low) {
        return answered.containsIpv6(high, low);
    }

    /**
     * Whether ARP for the IPv4 address {@code address} is answered now: it is a {@linkplain #isHostIpv4 host's}, and
     * the host is not powered off ({@code down}, or {@code flap} in its down part). The one check {@link ArpResponder}
     * and {@link NeighborDiscovery} share.
     */
    public boolean isUpIpv4(int address) {
        return answered.containsIpv4(address) && !isDown(IpFamily.IPV4, 0, Integer.toUnsignedLong(address));
    }

    /** As {@link #isUpIpv4}, for NDP and the IPv6 address {@code high}:{@code low}. */
    public boolean isUpIpv6(long high, long low) {
        return answered.containsIpv6(high, low) && !isDown(IpFamily.IPV6, high, low);
    }

    private boolean isDown(IpFamily family, long high, long low) {
        ProfileTable table = profiles.current();
        if (table.isEmpty()) {
            return false;
        }
        ProfileTable.Entry entry = table.lookup(family, high, low);
        return entry != null && behaviour.isDown(entry.profile(), nanoClock.getAsLong());
    }

    @Override
    public String toString() {
        return "HostMacs[answered " + answered + ", profiles " + profiles.current() + "]";
    }
}
