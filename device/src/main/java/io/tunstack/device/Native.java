package io.tunstack.device;

import jnr.constants.platform.Errno;
import jnr.ffi.Runtime;

/** Loads {@link LibC} once, and reads the errno its last call on this thread left behind. */
final class Native {

    /** The C library, bound once for the whole process. */
    static final LibC LIBC = NativeBinding.libc();

    /** The jnr runtime of {@link #LIBC}: its memory manager allocates native memory, it keeps errno. */
    static final Runtime RUNTIME = Runtime.getRuntime(LIBC);

    private Native() {
    }

    /** The errno saved by the last {@link LibC} call on the calling thread. */
    static int errno() {
        return RUNTIME.getLastError();
    }

    /** A failed call's exception, with the errno saved by the last {@link LibC} call on the calling thread. */
    static NativeException failure(String syscall, String argument) {
        return new NativeException(syscall, argument, Errno.valueOf(errno()));
    }
}
