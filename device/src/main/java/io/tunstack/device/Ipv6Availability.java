package io.tunstack.device;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Whether IPv6 can be used on a device, as the kernel's files say, read before anything is configured, so that a
 * program can run IPv4-only and say why in one line, instead of failing on an {@code EACCES}.
 *
 * <p>What is read, in this order, the first that says no wins:
 * <ol>
 *   <li>{@code /proc/net/if_inet6}: absent when the kernel has no IPv6 at all (built without it, or booted with
 *       {@code ipv6.disable=1}).
 *   <li>{@code /proc/sys/net/ipv6/conf/all/disable_ipv6}: 1 disables IPv6 on every device of the network namespace.
 *       Writing it also writes {@code default} and every device's ({@code addrconf_disable_ipv6()},
 *       {@code net/ipv6/addrconf.c}).
 *   <li>{@code /proc/sys/net/ipv6/conf/DEV/disable_ipv6}, or, while the device does not exist yet,
 *       {@code .../conf/default/disable_ipv6}, the value a new device starts with.
 *   <li>A device that exists ({@code /proc/sys/net/ipv4/conf/DEV} is there, as for every device) without
 *       {@code /proc/sys/net/ipv6/conf/DEV}: the kernel removes a device's IPv6 state, directory included, while its
 *       MTU is below 1280 ({@code addrconf_notify()} on {@code NETDEV_CHANGEMTU}).
 * </ol>
 * Any value other than 0 disables, as the kernel reads it. The {@code /proc/sys/net} files show the network namespace
 * of the thread that reads them.
 */
public enum Ipv6Availability {

    /** Nothing disables IPv6 on the device. */
    AVAILABLE("IPv6 is available"),

    /** {@code /proc/net/if_inet6} is absent. */
    NOT_IN_KERNEL("the kernel has no IPv6 (built without it, or booted with ipv6.disable=1)"),

    /** {@code net.ipv6.conf.all.disable_ipv6} is set. */
    DISABLED_IN_NAMESPACE("IPv6 is disabled in this network namespace (net.ipv6.conf.all.disable_ipv6=1)"),

    /** {@code net.ipv6.conf.DEV.disable_ipv6} is set, or {@code default} for a device still to be created. */
    DISABLED_ON_DEVICE("IPv6 is disabled on the device (net.ipv6.conf.<device>.disable_ipv6=1)"),

    /** The device exists and has no IPv6 state: its MTU is below IPv6's minimum. */
    MTU_TOO_SMALL("the device's MTU is below 1280, the minimum of IPv6 (RFC 8200 section 5)");

    private static final Path ROOT = Path.of("/");
    private static final Path IF_INET6 = Path.of("proc/net/if_inet6");
    private static final Path CONF = Path.of("proc/sys/net/ipv6/conf");
    private static final Path IPV4_CONF = Path.of("proc/sys/net/ipv4/conf");
    private static final String ALL = "all";
    /** What a new device starts with. */
    private static final String DEFAULT = "default";
    private static final String DISABLE_IPV6 = "disable_ipv6";

    private final String description;

    Ipv6Availability(String description) {
        this.description = description;
    }

    /** One line that says what the state is and which setting makes it so. */
    public String description() {
        return description;
    }

    /** Whether an IPv6 address can be added to the device. */
    public boolean isAvailable() {
        return this == AVAILABLE;
    }

    /**
     * The state of IPv6 for {@code device} in the calling thread's network namespace.
     *
     * @param device an interface name, of a device that exists or not yet; {@code ""} for a device the kernel will
     *     name. A device not yet created is judged by {@code default}, the settings it will start with.
     * @throws IllegalArgumentException when {@code device} is not a valid interface name
     * @throws IOException when a file exists but cannot be read, or does not hold a number
     */
    public static Ipv6Availability of(String device) throws IOException {
        return of(ROOT, device);
    }

    /** {@link #of(String)} with {@code /proc} under {@code root} instead of {@code /}: for a fake tree. */
    static Ipv6Availability of(Path root, String device) throws IOException {
        InterfaceName.validate(device, true); // a valid name cannot climb out of conf/: no '/', not "." or ".."
        if (!Files.exists(root.resolve(IF_INET6))) {
            return NOT_IN_KERNEL;
        }
        Path conf = root.resolve(CONF);
        if (isDisabled(conf.resolve(ALL))) {
            return DISABLED_IN_NAMESPACE;
        }
        if (device.isEmpty() || !Files.isDirectory(root.resolve(IPV4_CONF).resolve(device))) {
            return isDisabled(conf.resolve(DEFAULT)) ? DISABLED_ON_DEVICE : AVAILABLE;
        }
        Path deviceConf = conf.resolve(device);
        if (!Files.isDirectory(deviceConf)) {
            return MTU_TOO_SMALL;
        }
        return isDisabled(deviceConf) ? DISABLED_ON_DEVICE : AVAILABLE;
    }

    /** Whether {@code conf/NAME/disable_ipv6} holds a value other than 0; an absent file disables nothing. */
    private static boolean isDisabled(Path conf) throws IOException {
        Path file = conf.resolve(DISABLE_IPV6);
        String value;
        try {
            value = Files.readString(file).trim();
        } catch (NoSuchFileException e) {
            return false;
        }
        try {
            return Integer.parseInt(value) != 0;
        } catch (NumberFormatException e) {
            throw new IOException(file + ": '" + value + "' (expected: an integer)", e);
        }
    }
}
