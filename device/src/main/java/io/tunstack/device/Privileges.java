package io.tunstack.device;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Gives up root after the device is set up: what {@code tunstack --user} does before any packet is parsed.
 *
 * <p>The order is the usual one: supplementary groups cleared, then the group, then the user (after {@code setresuid}
 * the process could no longer change its groups). glibc applies {@code setgroups}, {@code setresgid} and
 * {@code setresuid} to every thread of the process; when all user ids leave 0, the kernel clears every thread's
 * permitted, effective and ambient capabilities ({@code capabilities(7)}, "Effect of user ID changes on
 * capabilities"). {@code no_new_privs} is per thread and inherited: it is set on the calling thread, which must be the
 * one that then starts the threads that handle packets.
 */
public final class Privileges {

    private Privileges() {
    }

    /**
     * Switches the process to {@code uid}:{@code gid} with no supplementary group and no capability, and sets
     * {@code no_new_privs} on the calling thread; checks afterwards that no capability is left.
     *
     * @throws IOException when a call fails (nothing can be assumed about the privileges then: the caller must stop)
     */
    public static void dropTo(int uid, int gid) throws IOException {
        if (Native.LIBC.setgroups(0, 0) < 0) {
            throw Native.failure("setgroups", "0");
        }
        if (Native.LIBC.setresgid(gid, gid, gid) < 0) {
            throw Native.failure("setresgid", Integer.toUnsignedString(gid));
        }
        if (Native.LIBC.setresuid(uid, uid, uid) < 0) {
            throw Native.failure("setresuid", Integer.toUnsignedString(uid));
        }
        if (Native.LIBC.prctl(Linux.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
            throw Native.failure("prctl", "PR_SET_NO_NEW_PRIVS");
        }
        long effective = effectiveCapabilities();
        if (uid != 0 && effective != 0) {
            throw new IOException("capabilities left after switching to uid " + uid + ": CapEff "
                    + Long.toHexString(effective));
        }
    }

    /** {@code CAP_SETGID} from {@code <linux/capability.h>}: {@code setgroups}, {@code setresgid}. */
    private static final int CAP_SETGID = 6;
    /** {@code CAP_SETUID} from {@code <linux/capability.h>}: {@code setresuid} to another user. */
    private static final int CAP_SETUID = 7;

    /**
     * Whether the calling thread may give root up for another user ({@link #dropTo}): it needs {@code CAP_SETUID} and
     * {@code CAP_SETGID} in its effective set, which root has unless a container or a service manager took them.
     */
    public static boolean canSwitchUser() throws IOException {
        long effective = effectiveCapabilities();
        return (effective & 1L << CAP_SETUID) != 0 && (effective & 1L << CAP_SETGID) != 0;
    }

    /** Whether the calling thread runs as root (effective uid 0). */
    public static boolean isRoot() throws IOException {
        return status("Uid:").split("\\s+")[1].equals("0");
    }

    /** The calling thread's effective capability set, one bit per capability ({@code <linux/capability.h>}). */
    public static long effectiveCapabilities() throws IOException {
        return Long.parseUnsignedLong(status("CapEff:"), 16);
    }

    /** A field of the calling thread's {@code /proc/thread-self/status}, trimmed. */
    private static String status(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/thread-self/status"))) {
            if (line.startsWith(field)) {
                return line.substring(field.length()).trim();
            }
        }
        throw new IOException(field + " not found in /proc/thread-self/status");
    }
}
