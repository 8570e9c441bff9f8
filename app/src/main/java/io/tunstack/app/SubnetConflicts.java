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
                InterfaceAddress routed = new InterfaceAddress(address(route.destination()), route.prefixLength());
                if (address.contains(routed.network()) || routed.contains(address.network())) {
                    return Optional.of(address.network() + "/" + address.prefixLength() + " (of --address " + address
                            + ") overlaps the route " + routed.network() + "/" + routed.prefixLength() + " of "
                            + route.device());
                }
            }
        }
        return Optional.empty();
    }

    private static IpAddress address(byte[] bytes) {
        long high = 0;
        long low = 0;
        if (bytes.length == 4) {
            return IpAddress.ofIpv4((bytes[0] & 0xFF) << 24 | (bytes[1] & 0xFF) << 16 | (bytes[2] & 0xFF) << 8
                    | bytes[3] & 0xFF);
        }
        for (int i = 0; i < 8; i++) {
            high = high << 8 | bytes[i] & 0xFF;
            low = low << 8 | bytes[8 + i] & 0xFF;
        }
        return IpAddress.ofIpv6(high, low);
    }
}
