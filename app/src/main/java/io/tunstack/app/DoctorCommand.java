package io.tunstack.app;

import io.tunstack.device.Ipv6Availability;
import io.tunstack.device.Privileges;
import io.tunstack.device.RouteTable;
import io.tunstack.stack.address.InterfaceAddress;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code tunstack doctor}: checks, without changing anything, whether tunstack can run here as asked, one line per
 * check with what to do about it. Exit status 0 when nothing fails, 1 otherwise.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Checks this host for what tunstack needs: /dev/net/tun, CAP_NET_ADMIN, whether --user can give root up,"
                    + " a free device name, subnets that no other interface uses, IPv6, and firewall rules that would"
                    + " drop the replies.",
            "Changes nothing. Each check is one line, PASS, WARN or FAIL, with the fix."
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:tunstack can run (possibly with warnings)", "1:a check failed", "2:invalid command line"})
final class DoctorCommand implements Callable<Integer> {

    /** CAP_NET_ADMIN's bit in a capability set ({@code <linux/capability.h>}). */
    private static final int CAP_NET_ADMIN = 12;

    @Spec
    CommandSpec spec;

    @Option(names = "--device", paramLabel = "NAME", defaultValue = "tun0", converter = DeviceNameConverter.class,
            description = "The device tunstack would create. Default: ${DEFAULT-VALUE}.")
    String device;

    @Option(names = "--address", paramLabel = "CIDR", converter = InterfaceAddressConverter.class,
            description = "The device's address, once per family, as for tunstack itself. Default: 172.21.22.23/24 and"
                    + " fd00:172:21:22::23/64.")
    List<InterfaceAddress> addresses;

    @Option(names = "--tun-node", paramLabel = "PATH", defaultValue = "/dev/net/tun",
            description = "The TUN clone device node to check. Default: ${DEFAULT-VALUE}.")
    Path tunNode;

    @Override
    public Integer call() {
        List<InterfaceAddress> own = addresses == null || addresses.isEmpty()
                ? TunstackCommand.DEFAULT_ADDRESSES : addresses;
        HostFacts host = HostFacts.current();
        List<DoctorCheck> checks = List.of(tunNode(host), privilege(host), userSwitch(host), deviceName(),
                conflicts(own), ipv6(), reversePathFilter(), firewall());
        PrintWriter out = spec.commandLine().getOut();
        checks.forEach(check -> out.println(check.line()));
        out.flush();
        return checks.stream().anyMatch(check -> check.status() == DoctorCheck.Status.FAIL) ? 1 : 0;
    }

    private DoctorCheck tunNode(HostFacts host) {
        String subject = tunNode.toString();
        if (!Files.exists(tunNode)) {
            return DoctorCheck.fail(subject, "missing", host.inContainer()
                    ? "start the container with --device /dev/net/tun" : "load the tun module with 'modprobe tun'");
        }
        try (FileChannel channel = FileChannel.open(tunNode, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return DoctorCheck.pass(subject, "present, and this user can open it");
        } catch (AccessDeniedException e) {
            return DoctorCheck.fail(subject, "this user may not open it (mode " + TunNodeAccess.mode(tunNode) + ")",
                    "run as root, or give this user access to the node (e.g. a group that may read and write it)");
        } catch (IOException e) {
            return DoctorCheck.fail(subject, "cannot be opened: " + e.getMessage(), host.inContainer()
                    ? "start the container with --device /dev/net/tun" : "load the tun module with 'modprobe tun'");
        }
    }

    private static DoctorCheck privilege(HostFacts host) {
        String subject = "CAP_NET_ADMIN";
        long effective;
        try {
            effective = Privileges.effectiveCapabilities();
        } catch (IOException e) {
            return DoctorCheck.warn(subject, "cannot read this process's capabilities: " + e.getMessage(), "");
        }
        if ((effective >>> CAP_NET_ADMIN & 1) != 0) {
            return DoctorCheck.pass(subject, host.root() ? "root, with CAP_NET_ADMIN" : "held");
        }
        return DoctorCheck.fail(subject, "not held: tunstack cannot create and configure its device", host.inContainer()
                ? "start the container with --cap-add NET_ADMIN"
                : "run as root (sudo), or attach to a device made for this user with --no-configure");
    }

    /**
     * Whether root can be given up after setup ({@code --user}, which the Docker image's entrypoint passes): that
     * takes CAP_SETUID and CAP_SETGID, which a container started with {@code --cap-drop ALL} lacks. A warning only:
     * tunstack runs without {@code --user}.
     */
    private static DoctorCheck userSwitch(HostFacts host) {
        String subject = "--user";
        if (!host.root()) {
            return DoctorCheck.pass(subject, "not needed: this process is not root");
        }
        try {
            if (Privileges.canSwitchUser()) {
                return DoctorCheck.pass(subject, "CAP_SETUID and CAP_SETGID held: root can be given up after setup");
            }
        } catch (IOException e) {
            return DoctorCheck.warn(subject, "cannot read this process's capabilities: " + e.getMessage(), "");
        }
        return DoctorCheck.warn(subject, "CAP_SETUID or CAP_SETGID missing: tunstack cannot give root up, and refuses"
                + " --user", host.inContainer() ? "start the container with --cap-add SETUID --cap-add SETGID"
                        : "run as root with its capabilities, or leave --user out");
    }

    private DoctorCheck deviceName() {
        String subject = "device " + device;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/thread-self/net/dev"))) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equals(device)) {
                    return DoctorCheck.warn(subject, "exists already", "tunstack attaches to it only if it is a TUN"
                            + " device no other program has open; otherwise choose another name with --device");
                }
            }
        } catch (IOException e) {
            return DoctorCheck.warn(subject, "cannot list the interfaces: " + e.getMessage(), "");
        }
        return DoctorCheck.pass(subject, "free");
    }

    private DoctorCheck conflicts(List<InterfaceAddress> own) {
        String subject = "subnets";
        Optional<String> conflict;
        try {
            conflict = SubnetConflicts.find(device, own, RouteTable.read());
        } catch (IOException e) {
            return DoctorCheck.warn(subject, "cannot read the routing table: " + e.getMessage(), "");
        }
        if (conflict.isPresent()) {
            return DoctorCheck.fail(subject, conflict.get(), "choose another --address (or --force, and that"
                    + " interface loses the network)");
        }
        List<String> prefixes = new ArrayList<>();
        own.forEach(address -> prefixes.add(address.network() + "/" + address.prefixLength()));
        return DoctorCheck.pass(subject, String.join(" and ", prefixes) + " overlap no route of another interface");
    }

    private DoctorCheck ipv6() {
        String subject = "IPv6";
        try {
            Ipv6Availability availability = Ipv6Availability.of(device);
            return availability.isAvailable() ? DoctorCheck.pass(subject, availability.description())
                    : DoctorCheck.warn(subject, availability.description() + ": tunstack answers IPv4 only",
                            "sysctl -w net.ipv6.conf.all.disable_ipv6=0 (in a container: --sysctl"
                                    + " net.ipv6.conf.all.disable_ipv6=0)");
        } catch (IOException e) {
            return DoctorCheck.warn(subject, "cannot tell: " + e.getMessage(), "");
        }
    }

    /**
     * Reverse path filtering ({@code net.ipv4.conf.*.rp_filter}) drops a packet whose source would not be routed back
     * out of the interface it arrived on. The replies tunstack writes come from addresses of the device's own subnet,
     * routed through the device, so strict (1) and loose (2) mode both accept them; addresses answered outside the
     * subnet would need their own route through the device too.
     */
    private DoctorCheck reversePathFilter() {
        String subject = "rp_filter";
        try {
            String all = Files.readString(Path.of("/proc/sys/net/ipv4/conf/all/rp_filter")).strip();
            String fallback = Files.readString(Path.of("/proc/sys/net/ipv4/conf/default/rp_filter")).strip();
            return DoctorCheck.pass(subject, "all=" + all + ", default=" + fallback + ": replies from the device's"
                    + " subnet come back through the route of that subnet, which every mode accepts");
        } catch (IOException e) {
            return DoctorCheck.warn(subject, "cannot read it: " + e.getMessage(), "");
        }
    }

    /**
     * Firewall rules that would drop what tunstack writes to the device: the replies enter the kernel as if they had
     * arrived on it, so an input or prerouting chain that drops them (a DROP policy, or a rule naming the device)
     * loses them. Read-only: {@code nft list ruleset} and {@code iptables -S}, where installed.
     */
    private DoctorCheck firewall() {
        String subject = "firewall";
        List<String> findings = new ArrayList<>();
        boolean anyTool = false;
        Optional<String> nft = run("nft", "list", "ruleset");
        if (nft.isPresent()) {
            anyTool = true;
            nft.get().lines().map(String::trim)
                    .filter(line -> line.contains("policy drop") || line.contains(device) && line.contains("drop"))
                    .forEach(line -> findings.add("nft: " + line));
        }
        Optional<String> iptables = run("iptables", "-S");
        if (iptables.isPresent()) {
            anyTool = true;
            iptables.get().lines().map(String::trim)
                    .filter(line -> line.equals("-P INPUT DROP") || line.contains(device) && line.contains("DROP"))
                    .forEach(line -> findings.add("iptables: " + line));
        }
        if (!anyTool) {
            return DoctorCheck.pass(subject, "neither nft nor iptables is installed: no rules to drop the replies");
        }
        if (findings.isEmpty()) {
            return DoctorCheck.pass(subject, "no rule drops traffic arriving on " + device);
        }
        return DoctorCheck.warn(subject, String.join(", ", findings),
                "accept traffic arriving on " + device + " before those rules");
    }

    /** The standard output of a command that exits 0 within 5 s, or empty (not installed, no permission, ...). */
    private static Optional<String> run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            return process.exitValue() == 0 ? Optional.of(output) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

}
