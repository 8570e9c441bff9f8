package io.tunstack.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What an error hint needs to know about where tunstack runs, so that it points the right way: inside a container the
 * fix is a {@code docker run} option, not {@code modprobe} or {@code sudo}; a user who is not root needs access to
 * {@code /dev/net/tun}, not root.
 *
 * @param inContainer whether this process runs in a container (Docker's {@code /.dockerenv}, Podman's
 *     {@code /run/.containerenv}, or the {@code container} variable that systemd-nspawn, LXC and Podman set)
 * @param root whether the effective user id is 0
 */
record HostFacts(boolean inContainer, boolean root) {

    /** The facts of this process. */
    static HostFacts current() {
        boolean container = Files.exists(Path.of("/.dockerenv")) || Files.exists(Path.of("/run/.containerenv"))
                || System.getenv("container") != null;
        return new HostFacts(container, effectiveUid() == 0);
    }

    /** The effective uid from {@code /proc/self/status} ("Uid: real effective saved fs"); 0 when unreadable. */
    private static long effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}
