package io.tunstack.app;

import io.tunstack.device.NativeException;
import io.tunstack.device.TunDevice;
import io.tunstack.stack.address.InterfaceAddress;
import io.tunstack.stack.address.IpFamily;
import io.tunstack.stack.config.StackConfig;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tunstack setup}: creates a persistent device owned by a user and configures it, then exits, so that the user
 * runs {@code tunstack --no-configure} later without any capability ({@code ip tuntap add ... user U} plus the
 * addresses, in one step and with tunstack's safety check).
 */
@Command(name = "setup", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Creates a persistent TUN device owned by --owner, gives it its addresses and brings it up, then exits."
                    + " The owner then runs 'tunstack --device NAME --no-configure' with no capability (it needs"
                    + " read and write access to /dev/net/tun). 'tunstack teardown' removes the device."
        })
final class SetupCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--device", paramLabel = "NAME", defaultValue = "tun0", converter = DeviceNameConverter.class,
            description = "The device to create. Default: ${DEFAULT-VALUE}.")
    String device;

    @Option(names = "--owner", paramLabel = "USER|UID:GID", required = true, converter = Owner.Converter.class,
            description = "The user (and, by name, its primary group) who may attach to the device.")
    Owner owner;

    @Option(names = "--address", paramLabel = "CIDR", converter = InterfaceAddressConverter.class,
            description = "The device's address, once per family. Default: 172.21.22.23/24 and"
                    + " fd00:172:21:22::23/64 (IPv4 only where IPv6 is disabled).")
    List<InterfaceAddress> addresses;

    @Option(names = "--mtu", paramLabel = "N", defaultValue = "1500", description = "Default: ${DEFAULT-VALUE}.")
    int mtu;

    @Option(names = "--force", description = "Configure the subnets even where they overlap another interface's route.")
    boolean force;

    @Override
    public Integer call() {
        List<InterfaceAddress> own = addresses == null || addresses.isEmpty()
                ? TunstackCommand.DEFAULT_ADDRESSES : addresses;
        PrintWriter out = spec.commandLine().getOut();
        try {
            if (!force) {
                DeviceSetup.refuseOverlappingSubnets(device, own);
            }
            InterfaceAddress ipv4 = DeviceSetup.of(own, IpFamily.IPV4);
            InterfaceAddress ipv6 = DeviceSetup.of(own, IpFamily.IPV6);
            try (TunDevice tun = TunDevice.open(device, false)) {
                boolean done = false;
                try {
                    tun.setOwner(owner.uid(), owner.gid());
                    tun.setPersistent(true);
                    Optional<String> noIpv6 = ipv6 == null ? Optional.empty()
                            : DeviceSetup.ipv6Unavailable(tun.name());
                    if (noIpv6.isPresent() || mtu < StackConfig.IPV6_MIN_MTU) {
                        if (ipv6 != null && addresses != null && !addresses.isEmpty()) {
                            throw new StartupException("cannot run IPv6 on " + device + ": "
                                    + noIpv6.orElse("the MTU is below 1280"), null);
                        }
                        ipv6 = null;
                    }
                    DeviceSetup.configure(tun.name(), ipv4, ipv6, mtu);
                    done = true;
                } finally {
                    if (!done) {
                        tun.setPersistent(false); // the device goes away with this descriptor
                    }
                }
            }
        } catch (NativeException e) {
            return fail(DeviceErrors.openFailed(device, e));
        } catch (StartupException e) {
            return fail(e.getMessage());
        }
        out.println("tunstack: " + device + " is set up for " + owner.name() + " (uid " + owner.uid() + ", gid "
                + owner.gid() + "); as that user: tunstack --device " + device + " --no-configure");
        String access = TunNodeAccess.describe(owner.uid(), owner.gid());
        if (!access.isEmpty()) {
            out.println("tunstack: " + access);
        }
        out.flush();
        return 0;
    }

    private int fail(String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("tunstack: " + message);
        err.flush();
        return 1;
    }
}
