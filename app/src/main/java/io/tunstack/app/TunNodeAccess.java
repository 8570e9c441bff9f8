package io.tunstack.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a user may open {@code /dev/net/tun}, which attaching to a device needs: mode 0666 on most distributions,
 * 0600 (root only) on some. Read from the node's owner, group and mode, the way the kernel decides.
 */
final class TunNodeAccess {

    static final Path NODE = Path.of("/dev/net/tun");

    private TunNodeAccess() {
    }

    /** The permission bits of {@code node} in octal ({@code 0600}), or "unknown". */
    static String mode(Path node) {
        try {
            return String.format("%04o", (Integer) Files.getAttribute(node, "unix:mode") & 07777);
        } catch (IOException | UnsupportedOperationException e) {
            return "unknown";
        }
    }

    /** Empty when {@code uid}:{@code gid} may read and write the node; else one sentence that says how to grant it. */
    static String describe(int uid, int gid) {
        try {
            int mode = (Integer) Files.getAttribute(NODE, "unix:mode");
            int owner = (Integer) Files.getAttribute(NODE, "unix:uid");
            int group = (Integer) Files.getAttribute(NODE, "unix:gid");
            int bits = owner == uid ? mode >> 6 : group == gid ? mode >> 3 : mode;
            if ((bits & 06) == 06) {
                return "";
            }
            return String.format("%s is mode %s, so uid %d cannot open it: grant it, e.g. 'chgrp %d %s && chmod g+rw"
                    + " %s' (or a udev rule), before that user runs tunstack", NODE, mode(NODE), uid, gid, NODE, NODE);
        } catch (IOException | UnsupportedOperationException e) {
            return "cannot read the mode of " + NODE + ": " + e.getMessage();
        }
    }
}
