package io.tunstack.device;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One route of the network namespace's routing table, as the kernel lists it in {@code /proc/net/route} (IPv4) and
 * {@code /proc/net/ipv6_route} (IPv6): the destination prefix and the device it goes out of.
 *
 * @param device the interface name
 * @param destination the prefix's first address, network order: 4 bytes for IPv4, 16 for IPv6
 * @param prefixLength the prefix length in bits
 */
public record Route(String device, byte[] destination, int prefixLength) {

    public Route {
        destination = destination.clone();
        if (destination.length != 4 && destination.length != 16) {
            throw new IllegalArgumentException("destination of " + destination.length + " bytes (expected: 4 or 16)");
        }
    }

    @Override
    public byte[] destination() {
        return destination.clone();
    }

    /** Whether this is an IPv6 route. */
    public boolean isIpv6() {
        return destination.length == 16;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Route && device.equals(((Route) other).device)
                && Arrays.equals(destination, ((Route) other).destination)
                && prefixLength == ((Route) other).prefixLength;
    }

    @Override
    public int hashCode() {
        return (device.hashCode() * 31 + Arrays.hashCode(destination)) * 31 + prefixLength;
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(destination) + "/" + prefixLength + " dev " + device;
    }
}
