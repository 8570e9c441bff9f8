package io.tunstack.app;

import io.tunstack.device.InterfaceConfig;
import io.tunstack.device.NativeException;
import io.tunstack.device.Route;
import io.tunstack.device.RouteConfig;
import io.tunstack.stack.address.AddressSet;
import io.tunstack.stack.address.InterfaceAddress;
import io.tunstack.stack.address.IpFamily;
import io.tunstack.stack.config.StackConfig;
import java.util.ArrayList;
import java.util.List;
import jnr.constants.platform.Errno;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes that send the answered addresses outside the device's subnets to the device. The kernel routes a
 * device's own subnets to it by itself; an address of {@code --answer} outside them goes wherever the namespace's
 * other routes send it (the default route, usually), and tunstack never sees it, unless a route of its own sends it
 * to the device ({@code ip route add 10.9.0.0/16 dev tun0}).
 *
 * <p>When tunstack configures the device, it adds these routes after the device is up ({@link #add}) and removes them
 * at exit ({@link #close}); with {@code --no-configure} it only reports the ones the device lacks ({@link #missing}).
 */
final class AnswerRoutes implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AnswerRoutes.class);

    private final String device;
    /** The routes tunstack added, in order; not those that were there already. */
    private final List<Route> added;

    private AnswerRoutes(String device, List<Route> added) {
        this.device = device;
        this.added = added;
    }

    /**
     * The prefixes the device needs routes for: per family, the fewest CIDR blocks of the answered addresses together
     * with the device's subnet, less the blocks inside the subnet (its own route covers those). Taking the subnet in
     * lets one block span it: {@code --answer 172.21.0.0/16} around {@code 172.21.22.0/24} is one route,
     * {@code 172.21.0.0/16}, not the eight blocks around the hole. Every block holds only answered addresses and
     * addresses of the subnet, so no route takes more from the namespace than the subnet and {@code --answer} ask for.
     * Empty for the defaults.
     */
    static List<InterfaceAddress> prefixes(StackConfig config) {
        List<InterfaceAddress> prefixes = new ArrayList<>();
        for (IpFamily family : IpFamily.values()) {
            AddressSet answered = config.answered().only(family);
            if (answered.isEmpty()) {
                continue;
            }
            InterfaceAddress own = family == IpFamily.IPV4 ? config.ipv4() : config.ipv6();
            AddressSet subnet = own == null ? AddressSet.empty() : AddressSet.ofRange(own.network(), own.last());
            for (InterfaceAddress block : answered.union(subnet).prefixes()) {
                if (own == null || !(own.contains(block.network()) && own.contains(block.last()))) {
                    prefixes.add(block);
                }
            }
        }
        return prefixes;
    }

    /**
     * Adds a route through {@code device} for each of {@code prefixes}; a route the table has already is left as it
     * is (and not removed at exit). When one cannot be added, those added so far are removed before this throws.
     */
    static AnswerRoutes add(String device, List<InterfaceAddress> prefixes) throws StartupException {
        AnswerRoutes routes = new AnswerRoutes(device, new ArrayList<>());
        for (InterfaceAddress prefix : prefixes) {
            Route route = route(device, prefix);
            try {
                RouteConfig.add(route);
                routes.added.add(route);
            } catch (NativeException e) {
                if (e.errno() == Errno.EEXIST) {
                    log.debug("the route {} dev {} is there already: kept, and left at exit", prefix, device);
                    continue;
                }
                routes.close();
                throw new StartupException("cannot route " + prefix + " (of --answer) to " + device + ": "
                        + e.getMessage(), e);
            }
        }
        if (!routes.added.isEmpty()) {
            log.info("routing {} to {} for --answer (until tunstack stops)",
                    String.join(", ", routes.added.stream().map(AnswerRoutes::text).toList()), device);
        }
        return routes;
    }

    /** The {@code prefixes} that no route of {@code device} covers: what the kernel does not send to it. */
    static List<InterfaceAddress> missing(String device, List<InterfaceAddress> prefixes, List<Route> routes) {
        List<InterfaceAddress> missing = new ArrayList<>();
        for (InterfaceAddress prefix : prefixes) {
            boolean covered = routes.stream().filter(route -> route.device().equals(device))
                    .map(SubnetConflicts::prefixOf)
                    .anyMatch(routed -> routed.prefixLength() <= prefix.prefixLength()
                            && routed.contains(prefix.network()));
            if (!covered) {
                missing.add(prefix);
            }
        }
        return missing;
    }

    /**
     * Removes the routes tunstack added. One the kernel removed already, with the device, is fine. One that cannot be
     * removed (tunstack gave root up with {@code --user}, and the device stays: a persistent one) is named with the
     * command that removes it.
     */
    @Override
    public void close() {
        for (Route route : added) {
            try {
                if (RouteConfig.delete(route)) {
                    log.debug("removed the route {} dev {}", text(route), device);
                }
            } catch (NativeException e) {
                if (deviceExists()) {
                    log.warn("could not remove the route {} dev {} ({}): remove it with 'ip route del {} dev {}'",
                            text(route), device, e.getMessage(), text(route), device);
                }
            }
        }
        added.clear();
    }

    private boolean deviceExists() {
        try {
            InterfaceConfig.flags(device);
            return true;
        } catch (NativeException e) {
            return e.errno() != Errno.ENODEV;
        }
    }

    private static Route route(String device, InterfaceAddress prefix) {
        return new Route(device, prefix.network().toBytes(), prefix.prefixLength());
    }

    private static String text(Route route) {
        return SubnetConflicts.prefixOf(route).toString();
    }
}
