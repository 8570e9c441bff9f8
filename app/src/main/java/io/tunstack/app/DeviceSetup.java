package io.tunstack.app;

import io.tunstack.device.InterfaceConfig;
import io.tunstack.device.Ipv6Availability;
import io.tunstack.device.NativeException;
import io.tunstack.device.Route;
import io.tunstack.device.RouteTable;
import io.tunstack.stack.address.InterfaceAddress;
import io.tunstack.stack.address.IpFamily;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import jnr.constants.platform.Errno;

/**
 * Configuring a device, shared by the responder and {@code tunstack setup}: the safety check against subnets that
 * other interfaces use, and giving the device its addresses and MTU. All through ioctls and /proc, never {@code ip}.
 */
final class DeviceSetup {

    private DeviceSetup() {
    }

    /** Refuses, before anything is created or configured, a subnet that another interface's route already covers. */
    static void refuseOverlappingSubnets(String name, List<InterfaceAddress> own) throws StartupException {
        Optional<String> conflict = SubnetConflicts.find(name, own, routes());
        if (conflict.isPresent()) {
            throw new StartupException("refusing to configure " + name + ": " + conflict.get()
                    + "; that interface would lose this network (choose another --address, or use --force)", null);
        }
    }

    /**
     * Refuses, before anything is created or configured, a prefix of {@code --answer} outside the subnets
     * ({@link AnswerRoutes#prefixes}) that another interface's route already covers.
     */
    static void refuseOverlappingAnswerRoutes(String name, List<InterfaceAddress> prefixes) throws StartupException {
        if (prefixes.isEmpty()) {
            return;
        }
        Optional<String> conflict = SubnetConflicts.findForAnswers(name, prefixes, routes());
        if (conflict.isPresent()) {
            throw new StartupException("refusing to route to " + name + ": " + conflict.get()
                    + "; that interface would lose this network (answer other addresses, or use --force)", null);
        }
    }

    /** The namespace's routes ({@link RouteTable}). */
    static List<Route> routes() throws StartupException {
        try {
            return RouteTable.read();
        } catch (IOException e) {
            throw new StartupException("cannot read the routing table to check for conflicts: " + e.getMessage(), e);
        }
    }

    /**
     * Whether the device {@code name} can have IPv6 ({@link Ipv6Availability}); the description of why not, or empty.
     */
    static Optional<String> ipv6Unavailable(String name) throws StartupException {
        try {
            Ipv6Availability availability = Ipv6Availability.of(name);
            return availability.isAvailable() ? Optional.empty() : Optional.of(availability.description());
        } catch (IOException e) {
            throw new StartupException("cannot tell whether IPv6 is available on " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Gives the device its IPv4 address (or none), sets the MTU and brings it up, then adds its IPv6 address: after the
     * MTU, since IPv6 needs 1280 or more.
     */
    static void configure(String name, InterfaceAddress ipv4, InterfaceAddress ipv6, int mtu)
            throws StartupException {
        try {
            if (ipv4 != null) {
                InterfaceConfig.configure(name, ipv4.address().ipv4(), ipv4.prefixLength(), mtu);
            } else {
                InterfaceConfig.setMtuAndBringUp(name, mtu);
            }
        } catch (NativeException e) {
            throw new StartupException(DeviceErrors.configureFailed(name, ipv4, mtu, e), e);
        }
        if (ipv6 != null) {
            try {
                InterfaceConfig.addIpv6Address(name, ipv6.address().toBytes(), ipv6.prefixLength());
            } catch (NativeException e) {
                // A persistent device (a bridge port made with 'ip tuntap add') keeps its addresses when tunstack
                // stops: started again, the device has this one already. inet6_addr_add() in net/ipv6/addrconf.c
                // says EEXIST only for an address of this very device (ipv6_chk_same_addr()); IPv4's SIOCSIFADDR
                // replaces the address instead.
                if (e.errno() != Errno.EEXIST) {
                    throw new StartupException("cannot give device " + name + " the address " + ipv6 + ": "
                            + e.getMessage(), e);
                }
            }
        }
    }

    /** The address of {@code family} in {@code addresses}, or {@code null}. */
    static InterfaceAddress of(List<InterfaceAddress> addresses, IpFamily family) {
        return addresses.stream().filter(address -> address.family() == family).findFirst().orElse(null);
    }
}
