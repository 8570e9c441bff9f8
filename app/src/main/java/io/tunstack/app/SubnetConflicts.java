package io.tunstack.app;

import io.tunstack.device.Route;
import io.tunstack.stack.address.InterfaceAddress;
import io.tunstack.stack.address.IpAddress;
import java.util.List;
import java.util.Optional;

/**
 * The safety check before tunstack configures a subnet or routes a prefix to its device: a prefix that overlaps a
 * route of another interface would take that network away from it (the kernel would then send its traffic to the TUN
 * device), which is how a mistaken start on a laptop whose Wi-Fi uses the same range cuts it off. Default routes
 * ({@code 0.0.0.0/0}, {@code ::/0}) overlap everything and are not counted.
 */
final class SubnetConflicts {

    private SubnetConflicts() {
    }

    /**
     * The first route of another interface than {@code device} that overlaps the subnet of one of {@code own}, as one
     * line that names both, or empty.
     */
    static Optional<String> find(String device, List<InterfaceAddress> own, List<Route> routes) {
        for (InterfaceAddress address : own) {
            Optional<Route> routed = overlapping(device, address, routes);
            if (routed.isPresent()) {
                return Optional.of(address.network() + "/" + address.prefixLength() + " (of --address " + address
                        + ") overlaps the route " + describe(routed.get()));
            }
        }
        return Optional.empty();
    }

    /**
     * The first route of another interface than {@code device} that overlaps one of the {@code prefixes} tunstack
     * would route to the device for {@code --answer}, as one line that names both, or empty.
     */
    static Optional<String> findForAnswers(String device, List<InterfaceAddress> prefixes, List<Route> routes) {
        for (InterfaceAddress prefix : prefixes) {
            Optional<Route> routed = overlapping(device, prefix, routes);
            if (routed.isPresent()) {
                return Optional.of(prefix + " (of --answer) overlaps the route " + describe(routed.get()));
            }
        }
        return Optional.empty();
    }

    /** The first route of another interface than {@code device}, not a default route, that overlaps {@code prefix}. */
    private static Optional<Route> overlapping(String device, InterfaceAddress prefix, List<Route> routes) {
        for (Route route : routes) {
            if (route.prefixLength() == 0 || route.device().equals(device)
                    || route.isIpv6() != prefix.address().isIpv6()) {
                continue;
            }
            InterfaceAddress routed = prefixOf(route);
            if (prefix.contains(routed.network()) || routed.contains(prefix.network())) {
                return Optional.of(route);
            }
        }
        return Optional.empty();
    }

    /** The prefix {@code route} sends to its device: {@code 10.9.0.0/16}. */
    static InterfaceAddress prefixOf(Route route) {
        return new InterfaceAddress(IpAddress.fromBytes(route.destination()), route.prefixLength());
    }

    /** {@code 10.9.0.0/24 of eth1}. */
    private static String describe(Route route) {
        return prefixOf(route) + " of " + route.device();
    }
}
