package io.tunstack.app;

import io.tunstack.device.Route;
import io.tunstack.stack.address.InterfaceAddress;
import io.tunstack.stack.address.IpAddress;
import java.util.List;
import java.util.Optional;

/**
 * The safety check before tunstack configures a subnet: a subnet that overlaps a route of another interface would
 * take that network away from it (the kernel would then send its traffic to the TUN device), which is how a
 * mistaken start on a laptop whose Wi-Fi uses the same range cuts it off. Default routes ({@code 0.0.0.0/0},
 * {@code ::/0}) overlap everything and are not counted.
 */
final class SubnetConflicts {

    private SubnetConflicts() {
    }

    /**
     * The first route of another interface than {@code device} that overlaps one of {@code own}, as one line that
     * names both, or empty.
     */
    static Optional<String> find(String device, List<InterfaceAddress> own, List<Route> routes) {
        for (InterfaceAddress address : own) {
            for (Route route : routes) {
                if (route.prefixLength() == 0 || route.device().equals(device)
                        || route.isIpv6() != address.address().isIpv6()) {
                    continue;
                }
                InterfaceAddress routed = new InterfaceAddress(IpAddress.fromBytes(route.destination()), route.prefixLength());
                if (address.contains(routed.network()) || routed.contains(address.network())) {
                    return Optional.of(address.network() + "/" + address.prefixLength() + " (of --address " + address
                            + ") overlaps the route " + routed.network() + "/" + routed.prefixLength() + " of "
                            + route.device());
                }
            }
        }
        return Optional.empty();
    }
}
