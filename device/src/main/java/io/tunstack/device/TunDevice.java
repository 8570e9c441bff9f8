package io.tunstack.device;

import static io.tunstack.device.Linux.EAGAIN;
import static io.tunstack.device.Linux.EINTR;
import static io.tunstack.device.Linux.POLLFD_EVENTS;
import static io.tunstack.device.Linux.POLLFD_FD;
import static io.tunstack.device.Linux.POLLFD_REVENTS;
import static io.tunstack.device.Linux.POLLFD_SIZE;
import static io.tunstack.device.Linux.POLLIN;
import static io.tunstack.device.Linux.POLLOUT;

import io.netty.buffer.ByteBuf;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import jnr.constants.platform.Errno;
import jnr.ffi.Pointer;

/**
 * One queue of a Linux TUN or TAP device ({@code /dev/net/tun} after {@code TUNSETIFF}). Reads and writes whole
 * packets (with {@code IFF_NO_PI}, no packet-information header) straight from and into the memory of direct
 * {@link ByteBuf}s: IP packets on a TUN device ({@code IFF_TUN}, {@link LinkType#RAW_IP}), Ethernet frames without
 * their frame check sequence on a TAP device ({@code IFF_TAP}, {@link LinkType#ETHERNET}). The kernel's tun driver
 * serves both; only the flag and what a packet begins with differ.
 *
 * <p>The {@link Link} of the echo path. Threads and buffer ownership are {@link Link}'s: one thread reads and writes;
 * {@link #wakeup()} may be called from any thread and makes a blocked or later {@link #read} return {@link Link#WOKEN};
 * {@link #close()} is called once, after the reader has stopped. A caller that holds a {@code Link} pays one interface
 * call per packet: with one link class at the call site, HotSpot inlines it behind a class check.
 *
 * <p>Cost per packet: the fd is non-blocking, so {@link #read} first tries {@code read()} and returns the packet when
 * one is queued. Only when the queue is empty ({@code EAGAIN}) does it {@code poll()} the tun fd together with the
 * wake-up eventfd. Under load, a packet costs one {@code read()} and one {@code write()}, no {@code poll()}, and
 * nothing is allocated: buffers go to the kernel as memory addresses, and the {@code pollfd} array is preallocated
 * in native memory.
 */
public final class TunDevice implements Link {

    /** The TUN/TAP clone device: opening it and calling {@code TUNSETIFF} creates or attaches an interface. */
    static final String CLONE_DEVICE = "/dev/net/tun";

    /** How long {@link #write} waits for room when the device's queue is full, before it reports EAGAIN. */
    static final int WRITE_WAIT_MILLIS = 100;

    // The preallocated pollfd array: read() waits on the first two entries, write() on the third.
    private static final int READ_SET = 0;
    private static final int READ_SET_COUNT = 2;
    private static final int TUN_READABLE = READ_SET;
    private static final int WAKEUP_READABLE = READ_SET + POLLFD_SIZE;
    private static final int TUN_WRITABLE = READ_SET + READ_SET_COUNT * POLLFD_SIZE;
    private static final int POLLFDS_SIZE = TUN_WRITABLE + POLLFD_SIZE;

    private final int fd;
    private final String name;
    private final LinkType type;
    private final EventFd wakeupFd;
    private final Pointer pollfds;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean woken;
    private volatile long readPolls;
    private volatile long writeFailures;

    private TunDevice(int fd, String name, LinkType type, EventFd wakeupFd) {
        this.fd = fd;
        this.name = name;
        this.type = type;
        this.wakeupFd = wakeupFd;
        this.pollfds = Native.RUNTIME.getMemoryManager().allocateDirect(POLLFDS_SIZE, true);
        setPollfd(TUN_READABLE, fd, POLLIN);
        setPollfd(WAKEUP_READABLE, wakeupFd.fd(), POLLIN);
        setPollfd(TUN_WRITABLE, fd, POLLOUT);
    }

    /**
     * Opens {@code /dev/net/tun} and attaches it to the TUN device {@code name} (creating it when it does not exist):
     * {@link #open(String, LinkType, boolean)} with {@link LinkType#RAW_IP}.
     */
    public static TunDevice open(String name, boolean multiQueue) throws NativeException {
        return open(name, LinkType.RAW_IP, multiQueue);
    }

    /**
     * Opens {@code /dev/net/tun} and attaches it to the device {@code name} (creating it when it does not exist), a
     * TUN device for {@link LinkType#RAW_IP} ({@code IFF_TUN}), a TAP device for {@link LinkType#ETHERNET}
     * ({@code IFF_TAP}). An existing device of the other kind is refused with {@code EINVAL}
     * ({@code tun_set_iff()} in drivers/net/tun.c compares the type).
     *
     * @param name device name, at most 15 bytes ({@code IFNAMSIZ - 1}); {@code ""} lets the kernel choose tunN or
     *     tapN
     * @param type what the packets begin with: an IP header (TUN) or an Ethernet header (TAP)
     * @param multiQueue adds {@code IFF_MULTI_QUEUE}: every call attaches one more queue to the same device
     * @throws NativeException with the errno and the failing call (e.g. EBUSY, EPERM, ENOENT for /dev/net/tun)
     * @throws IllegalArgumentException when {@code name} is not a valid interface name (see {@link InterfaceName})
     */
    public static TunDevice open(String name, LinkType type, boolean multiQueue) throws NativeException {
        InterfaceName.validate(name, true);
        short kind = type == LinkType.ETHERNET ? Linux.IFF_TAP : Linux.IFF_TUN;
        int fd = Native.LIBC.open(CLONE_DEVICE, Linux.O_RDWR | Linux.O_CLOEXEC | Linux.O_NONBLOCK);
        if (fd < 0) {
            throw Native.failure("open", CLONE_DEVICE);
        }
        EventFd wakeupFd = null;
        boolean success = false;
        try {
            IfReq ifr = IfReq.named(name);
            ifr.ifr_ifru.ifru_flags.set(kind | Linux.IFF_NO_PI | (multiQueue ? Linux.IFF_MULTI_QUEUE : 0));
            if (Native.LIBC.ioctl(fd, Linux.TUNSETIFF, ifr) < 0) {
                throw Native.failure("ioctl", NativeException.TUNSETIFF + " "
                        + (name.isEmpty() ? (type == LinkType.ETHERNET ? "tapN" : "tunN") : name)
                        + (multiQueue ? " multi-queue" : ""));
            }
            wakeupFd = EventFd.open();
            TunDevice device = new TunDevice(fd, ifr.ifr_name.get(), type, wakeupFd);
            success = true;
            return device;
        } finally {
            if (!success) {
                if (wakeupFd != null) {
                    wakeupFd.close();
                }
                Native.LIBC.close(fd);
            }
        }
    }

    /**
     * Makes the device outlive this descriptor ({@code TUNSETPERSIST}), or, with {@code false}, go away when its last
     * descriptor is closed (what {@code ip tuntap add} and {@code del} do).
     */
    public void setPersistent(boolean persistent) throws NativeException {
        if (Native.LIBC.ioctl(fd, Linux.TUNSETPERSIST, persistent ? 1 : 0) < 0) {
            throw Native.failure("ioctl", "TUNSETPERSIST " + name);
        }
    }

    /**
     * Lets the user {@code uid} and the group {@code gid} attach to the device later without CAP_NET_ADMIN
     * ({@code TUNSETOWNER}, {@code TUNSETGROUP}: {@code tun_not_capable()} in drivers/net/tun.c lets the owner in).
     */
    public void setOwner(int uid, int gid) throws NativeException {
        if (Native.LIBC.ioctl(fd, Linux.TUNSETOWNER, Integer.toUnsignedLong(uid)) < 0) {
            throw Native.failure("ioctl", "TUNSETOWNER " + name);
        }
        if (Native.LIBC.ioctl(fd, Linux.TUNSETGROUP, Integer.toUnsignedLong(gid)) < 0) {
            throw Native.failure("ioctl", "TUNSETGROUP " + name);
        }
    }

    /** The device name the kernel confirmed. */
    @Override
    public String name() {
        return name;
    }

    /**
     * {@link LinkType#RAW_IP} when opened with {@code IFF_TUN | IFF_NO_PI} (a packet begins with its IP header),
     * {@link LinkType#ETHERNET} with {@code IFF_TAP | IFF_NO_PI} (a frame begins with its 14-byte Ethernet header).
     */
    @Override
    public LinkType type() {
        return type;
    }

    /** The device's MTU now, from the kernel ({@code SIOCGIFMTU}); never empty. */
    @Override
    public OptionalInt mtu() throws NativeException {
        return OptionalInt.of(InterfaceConfig.mtu(name));
    }

    /**
     * Reads one packet into {@code dst} (a direct buffer) at its writer index and advances the writer index. A packet
     * longer than {@code dst.writableBytes()} is truncated by the kernel: give at least the MTU, plus the Ethernet
     * header on a TAP device.
     *
     * @param timeoutMillis how long to wait for a packet; negative waits forever
     * @return the packet length, {@link Link#TIMED_OUT} or {@link Link#WOKEN}
     * @throws IllegalArgumentException when {@code dst} has no memory address or no room
     */
    @Override
    public int read(ByteBuf dst, int timeoutMillis) throws NativeException {
        if (woken) {
            return WOKEN;
        }
        int writerIndex = dst.writerIndex();
        long address = addressOf(dst, writerIndex);
        int room = dst.writableBytes();
        if (room == 0) {
            throw new IllegalArgumentException("no room to read a packet: 0 writable bytes (expected: the MTU)");
        }
        // The clock is read only when the queue is empty, so a packet that is already there costs one read().
        boolean waiting = false;
        long deadline = 0;
        while (true) {
            long n = Native.LIBC.read(fd, address, room);
            if (n >= 0) {
                dst.writerIndex(writerIndex + (int) n);
                return (int) n;
            }
            int errno = Native.errno();
            if (errno == EINTR) {
                continue;
            }
            if (errno != EAGAIN) {
                throw Native.failure("read", name);
            }
            if (!waiting) {
                waiting = true;
                deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, timeoutMillis));
            }
            int remaining = timeoutMillis < 0 ? -1 : remainingMillis(deadline);
            if (remaining == 0 && timeoutMillis != 0) {
                return TIMED_OUT;
            }
            readPolls++;
            int ready = Native.LIBC.poll(pollfds.address() + READ_SET, READ_SET_COUNT, remaining);
            if (ready < 0) {
                if (Native.errno() == EINTR) {
                    continue;
                }
                throw Native.failure("poll", name);
            }
            if (woken || revents(WAKEUP_READABLE) != 0) {
                return WOKEN;
            }
            if (ready == 0) {
                return TIMED_OUT;
            }
            // The tun fd is readable (or has an error that the next read() reports): read again.
        }
    }

    /**
     * Writes the readable bytes of {@code src} (a direct buffer) as one packet. Does not move its indices. When the
     * device's queue is full, waits up to {@value #WRITE_WAIT_MILLIS} ms for room, then reports {@code EAGAIN}.
     *
     * @throws NativeException when the kernel refuses the packet; counted in {@link #writeFailures()}
     * @throws IllegalArgumentException when {@code src} has no memory address
     */
    @Override
    public void write(ByteBuf src) throws NativeException {
        long address = addressOf(src, src.readerIndex());
        int length = src.readableBytes();
        boolean waited = false;
        while (true) {
            long n = Native.LIBC.write(fd, address, length);
            if (n >= 0) {
                // A tun write takes the whole packet or fails: it is never partial.
                return;
            }
            int errno = Native.errno();
            if (errno == EINTR) {
                continue;
            }
            if (errno == EAGAIN && !waited) {
                waited = true;
                if (Native.LIBC.poll(pollfds.address() + TUN_WRITABLE, 1, WRITE_WAIT_MILLIS) >= 0
                        || Native.errno() == EINTR) {
                    continue;
                }
            }
            writeFailures++;
            throw new NativeException("write", name + " " + length + " bytes", Errno.valueOf(errno));
        }
    }

    /**
     * Makes a blocked {@link #read} (and every later one) return {@link Link#WOKEN}. Any thread. After {@link #close()}
     * it only sets the flag: the eventfd is gone.
     */
    @Override
    public void wakeup() {
        woken = true;
        if (!closed.get()) {
            wakeupFd.signal();
        }
    }

    /**
     * Closes the tun fd and the wake-up fd. A non-persistent device disappears when its last queue closes. Idempotent;
     * {@code close(2)} is never retried, since on Linux the fd is released even when it reports an error.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            Native.LIBC.close(fd);
            wakeupFd.close();
        }
    }

    /** The tun file descriptor, for tests that inspect it. */
    int fd() {
        return fd;
    }

    /** How many times {@link #read} found the queue empty and waited in {@code poll()}: low under load. */
    @Override
    public long readPolls() {
        return readPolls;
    }

    /** How many {@link #write}s failed with a {@link NativeException}. */
    public long writeFailures() {
        return writeFailures;
    }

    @Override
    public String toString() {
        return "TunDevice[" + name + (type == LinkType.ETHERNET ? ", tap" : "") + ", fd " + fd + "]";
    }

    private static long addressOf(ByteBuf buf, int index) {
        if (!buf.hasMemoryAddress()) {
            throw new IllegalArgumentException("needs a direct buffer with a memory address: " + buf);
        }
        return buf.memoryAddress() + index;
    }

    private static int remainingMillis(long deadline) {
        long remaining = deadline - System.nanoTime();
        return remaining <= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(remaining) + 1);
    }

    private void setPollfd(int offset, int pollFd, short events) {
        pollfds.putInt(offset + POLLFD_FD, pollFd);
        pollfds.putShort(offset + POLLFD_EVENTS, events);
        pollfds.putShort(offset + POLLFD_REVENTS, (short) 0);
    }

    private short revents(int offset) {
        return pollfds.getShort(offset + POLLFD_REVENTS);
    }
}
