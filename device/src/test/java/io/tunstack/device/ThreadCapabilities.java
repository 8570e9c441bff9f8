package io.tunstack.device;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.types.intptr_t;

/**
 * Drops a capability from the calling thread's effective set with {@code capget(2)}/{@code capset(2)}, so a test can
 * see what a user without it sees. Capabilities are per thread in Linux: the rest of the JVM keeps them.
 */
final class ThreadCapabilities {

    /** {@code _LINUX_CAPABILITY_VERSION_3}: two 32-bit words per set. */
    private static final int VERSION_3 = 0x20080522;
    /** {@code struct __user_cap_header_struct { __u32 version; int pid; }}. */
    private static final int HEADER_SIZE = 8;
    /** {@code struct __user_cap_data_struct { __u32 effective, permitted, inheritable; }}, two of them. */
    private static final int DATA_SIZE = 2 * 12;
    private static final int EFFECTIVE = 0;
    private static final int DATA_STRUCT_SIZE = 12;

    /** The two system calls, as glibc exports them. */
    public interface Caps {
        int capget(@intptr_t long header, @intptr_t long data);

        int capset(@intptr_t long header, @intptr_t long data);
    }

    private static final Caps CAPS = LibraryLoader.create(Caps.class).load("c");

    private ThreadCapabilities() {
    }

    /** Removes {@code capability} (e.g. {@code CAP_NET_ADMIN} = 12) from the calling thread's effective set. */
    static void dropEffective(int capability) throws NativeException {
        Pointer header = Native.RUNTIME.getMemoryManager().allocateDirect(HEADER_SIZE, true);
        Pointer data = Native.RUNTIME.getMemoryManager().allocateDirect(DATA_SIZE, true);
        header.putInt(0, VERSION_3);
        header.putInt(4, 0); // pid 0: the calling thread
        if (CAPS.capget(header.address(), data.address()) != 0) {
            throw Native.failure("capget", "self");
        }
        long word = (capability / 32) * DATA_STRUCT_SIZE + EFFECTIVE;
        data.putInt(word, data.getInt(word) & ~(1 << (capability % 32)));
        if (CAPS.capset(header.address(), data.address()) != 0) {
            throw Native.failure("capset", "self");
        }
    }
}
