package io.tunstack.device;

import java.nio.charset.StandardCharsets;
import jnr.ffi.Pointer;

/**
 * The service manager's notification socket ({@code sd_notify(3)}): a Unix datagram socket named by the environment
 * variable {@code NOTIFY_SOCKET}, to which a service sends state lines such as {@code READY=1} and {@code STOPPING=1}.
 *
 * <p>The JDK cannot send Unix datagrams (its {@code DatagramChannel} speaks only IP), so this is one more small native
 * call: {@code socket(AF_UNIX, SOCK_DGRAM)} and {@code connect()} once, then one {@code write()} per message. Connecting
 * at once, before tunstack gives root up or enters another network namespace, keeps the socket reachable afterwards:
 * a datagram socket's peer is resolved at {@code connect()} (permission on a path included), and an abstract name
 * belongs to the network namespace it was looked up in.
 *
 * <p>Addresses, as {@code sd_notify(3)} says: a file system path ({@code /run/systemd/notify}), or an abstract name
 * written with a leading {@code @}, which stands for the NUL byte the kernel sees first.
 */
public final class NotifySocket implements AutoCloseable {

    /** The environment variable that names the socket. */
    public static final String ENVIRONMENT_VARIABLE = "NOTIFY_SOCKET";

    /**
     * The longest message sent: the kernel refuses a datagram larger than the socket's send buffer; systemd reads
     * at most its pipe buffer. Longer messages are cut at this many bytes.
     */
    static final int MAX_MESSAGE = 4096;

    private final int fd;
    private final String address;
    private final Pointer message = Native.RUNTIME.getMemoryManager().allocateDirect(MAX_MESSAGE, true);
    private boolean closed;

    private NotifySocket(int fd, String address) {
        this.fd = fd;
        this.address = address;
    }

    /**
     * Opens a Unix datagram socket and connects it to {@code address}.
     *
     * @param address a path, or {@code @name} for an abstract name
     * @throws IllegalArgumentException when the address is empty or longer than {@code sun_path} holds (108 bytes,
     *     the NUL that ends a path included)
     * @throws NativeException when the socket cannot be made or connected (no such socket: {@code ENOENT} or
     *     {@code ECONNREFUSED})
     */
    public static NotifySocket connect(String address) throws NativeException {
        Pointer sockaddr = sockaddr(address);
        int length = sockaddrLength(address);
        int fd = Native.LIBC.socket(Linux.AF_UNIX, Linux.SOCK_DGRAM | Linux.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw Native.failure("socket", "AF_UNIX SOCK_DGRAM");
        }
        if (Native.LIBC.connect(fd, sockaddr.address(), length) < 0) {
            NativeException failure = Native.failure("connect", address);
            Native.LIBC.close(fd);
            throw failure;
        }
        return new NotifySocket(fd, address);
    }

    /** The address as given: a path or {@code @name}. */
    public String address() {
        return address;
    }

    /**
     * Sends {@code state} (lines such as {@code READY=1\nSTATUS=answering}) as one datagram.
     *
     * @throws NativeException when the datagram is refused (the manager went away: {@code ECONNREFUSED})
     */
    public synchronized void send(String state) throws NativeException {
        if (closed) {
            throw new IllegalStateException("notify socket " + address + " is closed");
        }
        byte[] bytes = state.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(bytes.length, MAX_MESSAGE);
        message.put(0, bytes, 0, length);
        while (Native.LIBC.write(fd, message.address(), length) < 0) {
            if (Native.errno() != Linux.EINTR) {
                throw Native.failure("write", address);
            }
        }
    }

    /** Closes the socket, once; {@code close(2)} is never retried. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            Native.LIBC.close(fd);
        }
    }

    /**
     * {@code struct sockaddr_un} for {@code address}: the family, then the path with its terminating NUL, or for an
     * abstract name a NUL and the name (unix(7): "the remaining bytes in sun_path are the abstract name").
     */
    static Pointer sockaddr(String address) {
        byte[] name = pathBytes(address);
        Pointer sockaddr = Native.RUNTIME.getMemoryManager()
                .allocateDirect(Linux.SOCKADDR_UN_PATH + Linux.SUN_PATH_SIZE, true);
        sockaddr.putShort(Linux.SOCKADDR_UN_FAMILY, (short) Linux.AF_UNIX);
        sockaddr.put(Linux.SOCKADDR_UN_PATH, name, 0, name.length);
        return sockaddr;
    }

    /**
     * The address length to pass: for a path, up to and including its NUL; for an abstract name, exactly the NUL and
     * the name, since every byte of the given length is part of an abstract name (unix(7)).
     */
    static int sockaddrLength(String address) {
        byte[] name = pathBytes(address);
        return Linux.SOCKADDR_UN_PATH + name.length + (isAbstract(address) ? 0 : 1);
    }

    private static boolean isAbstract(String address) {
        return address.startsWith("@");
    }

    /** What goes into {@code sun_path} before any terminating NUL: the path, or a NUL and the abstract name. */
    private static byte[] pathBytes(String address) {
        if (address.isEmpty() || address.equals("@")) {
            throw new IllegalArgumentException("empty " + ENVIRONMENT_VARIABLE + " address");
        }
        byte[] bytes = address.getBytes(StandardCharsets.UTF_8);
        if (isAbstract(address)) {
            bytes[0] = 0;
        }
        int room = Linux.SUN_PATH_SIZE - (isAbstract(address) ? 0 : 1);
        if (bytes.length > room) {
            throw new IllegalArgumentException(ENVIRONMENT_VARIABLE + " " + address + " is " + bytes.length
                    + " bytes long (expected: at most " + room + ")");
        }
        return bytes;
    }
}
