package io.tunstack.device;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * Gives up root, or the capabilities of a process that is not root, after the device is set up: what tunstack does
 * before any packet is parsed.
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

    /** {@code CAP_NET_ADMIN} from {@code <linux/capability.h>}: creating and configuring network devices. */
    public static final int CAP_NET_ADMIN = 12;
    /** {@code _LINUX_CAPABILITY_VERSION_3}: 64-bit sets, as two 32-bit data structs. */
    private static final int CAPABILITY_VERSION_3 = 0x20080522;
    /** {@code struct __user_cap_header_struct}: version, pid (0 for the calling thread). */
    private static final int HEADER_BYTES = 8;
    /** Two {@code struct __user_cap_data_struct}s of effective, permitted, inheritable (u32 each). */
    private static final int DATA_BYTES = 2 * 12;

    /**
     * Makes {@code capability} effective on the calling thread when it is only permitted: a process that is not root
     * but got the capability from a file capability without the effective bit ({@code setcap cap_net_admin+p}), as
     * the container image's Java runtime has. Threads started afterwards inherit it until {@link #dropCapabilities}.
     *
     * @return whether the capability is effective now
     */
    public static boolean raise(int capability) throws IOException {
        CapabilitySets sets = CapabilitySets.read();
        if (!sets.has(CapabilitySets.PERMITTED, capability)) {
            return sets.has(CapabilitySets.EFFECTIVE, capability);
        }
        sets.add(CapabilitySets.EFFECTIVE, capability);
        sets.write();
        return true;
    }

    /** Removes {@code capability} from the calling thread's effective set (it stays permitted; tests use it). */
    static void lower(int capability) throws IOException {
        CapabilitySets sets = CapabilitySets.read();
        sets.remove(CapabilitySets.EFFECTIVE, capability);
        sets.write();
    }

    /** Leaves {@code capability} only permitted on the calling thread: neither effective nor in any other set. */
    static void keepOnlyPermitted(int capability) throws IOException {
        CapabilitySets sets = CapabilitySets.read();
        sets.clear();
        sets.add(CapabilitySets.PERMITTED, capability);
        sets.write();
    }

    /**
     * Clears every capability set of the calling thread and sets its {@code no_new_privs}: for a process that is not
     * root, what giving privileges up means once the device is set up. Per thread, like the sets themselves: the
     * threads that handle packets must be started by the calling thread afterwards, and inherit nothing.
     */
    public static void dropCapabilities() throws IOException {
        CapabilitySets sets = CapabilitySets.read();
        sets.clear();
        sets.write();
        if (Native.LIBC.prctl(Linux.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
            throw Native.failure("prctl", "PR_SET_NO_NEW_PRIVS");
        }
        long left = effectiveCapabilities() | permittedCapabilities();
        if (left != 0) {
            throw new IOException("capabilities left after dropping them: " + Long.toHexString(left));
        }
    }

    /**
     * The calling thread's capability sets through {@code capget}/{@code capset}, in direct memory that jnr frees when
     * the pointers are collected.
     */
    private static final class CapabilitySets {
        static final int EFFECTIVE = 0;
        static final int PERMITTED = 4;
        private final Pointer header = Memory.allocateDirect(Native.RUNTIME, HEADER_BYTES, true);
        private final Pointer data = Memory.allocateDirect(Native.RUNTIME, DATA_BYTES, true);

        static CapabilitySets read() throws IOException {
            CapabilitySets sets = new CapabilitySets();
            sets.header.putInt(0, CAPABILITY_VERSION_3);
            if (Native.LIBC.capget(sets.header, sets.data) < 0) {
                throw Native.failure("capget", "");
            }
            return sets;
        }

        /** Capability {@code capability} of the set at {@code offset} (EFFECTIVE, PERMITTED) in its data struct. */
        boolean has(int offset, int capability) {
            return (data.getInt((capability / 32) * 12 + offset) & 1 << (capability % 32)) != 0;
        }

        void add(int offset, int capability) {
            int at = (capability / 32) * 12 + offset;
            data.putInt(at, data.getInt(at) | 1 << (capability % 32));
        }

        void remove(int offset, int capability) {
            int at = (capability / 32) * 12 + offset;
            data.putInt(at, data.getInt(at) & ~(1 << (capability % 32)));
        }

        void clear() {
            for (int i = 0; i < DATA_BYTES; i += 4) {
                data.putInt(i, 0);
            }
        }

        void write() throws IOException {
            header.putInt(0, CAPABILITY_VERSION_3);
            header.putInt(4, 0);
            if (Native.LIBC.capset(header, data) < 0) {
                throw Native.failure("capset", "");
            }
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
        return effectiveUid() == 0;
    }

    /** The calling thread's effective user id. */
    public static int effectiveUid() throws IOException {
        return Integer.parseUnsignedInt(status("Uid:").split("\\s+")[1]);
    }

    /** The calling thread's effective capability set, one bit per capability ({@code <linux/capability.h>}). */
    public static long effectiveCapabilities() throws IOException {
        return Long.parseUnsignedLong(status("CapEff:"), 16);
    }

    /** The calling thread's permitted capability set. */
    public static long permittedCapabilities() throws IOException {
        return Long.parseUnsignedLong(status("CapPrm:"), 16);
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
