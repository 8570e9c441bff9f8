package io.tunstack.app;

import io.tunstack.device.Privileges;
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
        boolean root;
        try {
            root = Privileges.isRoot();
        } catch (IOException e) {
            root = true; // unreadable: taken as root, so that a hint names the capability, not the node's mode
        }
        return new HostFacts(container, root);
    }
}
