package io.tunstack.device;

import java.io.IOException;
import jnr.constants.platform.Errno;

/** A failed system call: which call, on what, and the errno. Its message is one line a user can act on. */
public final class NativeException extends IOException {

    private final Errno errno;
    private final String syscall;

    public NativeException(String syscall, String argument, Errno errno) {
        super(syscall + "(" + argument + "): " + errno.description() + " (" + errno.name() + ")");
        this.errno = errno;
        this.syscall = syscall;
    }

    public Errno errno() {
        return errno;
    }

    public String syscall() {
        return syscall;
    }
}
