package io.tunstack.device;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine (root, capabilities, {@code /dev/net/tun}), checked before it runs.
 *
 * <p>Outside CI a missing prerequisite skips the test with a message that says why. With the environment variable
 * {@code CI=true}, it fails the test: CI must run every test, and a skip there would hide a broken setup.
 *
 * <p>Plain Java and JUnit only (it reads {@code /proc/self/status}), so that other modules can depend on the device
 * test-jar or copy this one file.
 */
public final class Prerequisites {

    /** {@code CAP_NET_ADMIN} from {@code <linux/capability.h>}: create tun devices, configure interfaces. */
    public static final int CAP_NET_ADMIN = 12;

    /** {@code CAP_SYS_ADMIN} from {@code <linux/capability.h>}: {@code unshare(CLONE_NEWNET)}. */
    public static final int CAP_SYS_ADMIN = 21;

    private static final Path TUN = Path.of("/dev/net/tun");
    private static final Path STATUS = Path.of("/proc/self/status");

    private Prerequisites() {
    }

    /** Whether this run is in CI ({@code CI=true}), where a missing prerequisite is a failure. */
    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Requires effective uid 0. */
    public static void requireRoot() {
        require(effectiveUid() == 0, "needs root (effective uid " + effectiveUid() + ")");
    }

    /** Requires a capability in the effective set, e.g. {@link #CAP_NET_ADMIN}. */
    public static void requireCapability(int capability, String name) {
        require(effectiveCapabilities().testBit(capability), "needs " + name + " in the effective capabilities");
    }

    /** Requires {@code /dev/net/tun}, readable and writable. */
    public static void requireTunDevice() {
        require(Files.exists(TUN), TUN + " is missing (load the driver: modprobe tun)");
        require(Files.isReadable(TUN) && Files.isWritable(TUN), TUN + " is not readable and writable");
    }

    /** Everything a test needs to create a tun device in a network namespace of its own. */
    public static void requireTunInOwnNamespace() {
        requireRoot();
        requireCapability(CAP_SYS_ADMIN, "CAP_SYS_ADMIN (for unshare(CLONE_NEWNET))");
        requireCapability(CAP_NET_ADMIN, "CAP_NET_ADMIN");
        requireTunDevice();
    }

    /** Skips (outside CI) or fails (with {@code CI=true}) the current test unless {@code met}. */
    public static void require(boolean met, String why) {
        if (met) {
            return;
        }
        if (inCi()) {
            Assertions.fail("CI=true, so a missing prerequisite fails instead of skipping: " + why);
        }
        Assumptions.abort("skipped: " + why + " (set CI=true to make this a failure)");
    }

    private static long effectiveUid() {
        // "Uid:\treal\teffective\tsaved\tfilesystem"
        return Long.parseLong(statusField("Uid").split("\\s+")[1]);
    }

    private static BigInteger effectiveCapabilities() {
        return new BigInteger(statusField("CapEff").trim(), 16);
    }

    private static String statusField(String field) {
        try {
            List<String> lines = Files.readAllLines(STATUS);
            for (String line : lines) {
                if (line.startsWith(field + ":")) {
                    return line.substring(field.length() + 1).trim();
                }
            }
            throw new IllegalStateException("no " + field + " in " + STATUS);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + STATUS, e);
        }
    }
}
