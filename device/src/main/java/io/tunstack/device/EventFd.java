package io.tunstack.device;

import jnr.ffi.Pointer;

/**
 * A Linux {@code eventfd}, used as a wake-up signal: once {@link #signal()}ed, it stays readable, so every
 * {@code poll()} that includes it returns at once. A blocked {@code read()} on a tun fd is woken neither by
 * {@code close()} from another thread nor by a Java interrupt; a {@code poll()} on the tun fd and this fd is.
 */
final class EventFd implements AutoCloseable {

    /** The 8-byte counter increment written by {@link #signal()}, in native memory, written once. */
    private final Pointer one = Native.RUNTIME.getMemoryManager().allocateDirect(Long.BYTES, true);
    private final int fd;

    private EventFd(int fd) {
        this.fd = fd;
        one.putLong(0, 1L);
    }

    /** A non-blocking, close-on-exec eventfd with counter 0. */
    static EventFd open() throws NativeException {
        int fd = Native.LIBC.eventfd(0, Linux.EFD_NONBLOCK | Linux.EFD_CLOEXEC);
        if (fd < 0) {
            throw Native.failure("eventfd", "0");
        }
        return new EventFd(fd);
    }

    /** The file descriptor, to poll for {@code POLLIN}. */
    int fd() {
        return fd;
    }

    /**
     * Adds 1 to the counter, which makes the fd readable. Any thread. A full counter ({@code EAGAIN}) is already
     * readable, so a failure changes nothing and is ignored.
     */
    void signal() {
        Native.LIBC.write(fd, one.address(), Long.BYTES);
    }

    /** Closes the fd, once; close(2) is never retried. */
    @Override
    public void close() {
        Native.LIBC.close(fd);
    }
}
