package io.tunstack.device;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A named network namespace in {@code /run/netns}, the convention of {@code ip netns}: entered by the calling thread
 * (and so by every thread it starts afterwards), created first when it does not exist, and then deleted again by
 * {@link #close()}. What {@code tunstack --netns NAME} stands on: trying tunstack safely is one command.
 *
 * <p>Creating one is what {@code ip netns add} does: an empty file {@code /run/netns/NAME}, {@code unshare(CLONE_NEWNET)}
 * on the calling thread, and a bind mount of the thread's {@code /proc/thread-self/ns/net} over the file, which keeps
 * the namespace alive and lets {@code ip netns exec NAME} enter it. Only the calling thread moves: threads that exist
 * already stay where they are, so call this before starting any thread that must live in the namespace.
 */
public final class NetworkNamespace implements AutoCloseable {

    /** Where {@code ip netns} keeps the named namespaces. */
    public static final Path DIRECTORY = Path.of("/run/netns");

    private final String name;
    private final boolean created;

    private NetworkNamespace(String name, boolean created) {
        this.name = name;
        this.created = created;
    }

    /**
     * Moves the calling thread into the namespace {@code name}, creating it first when it does not exist.
     *
     * @throws IllegalArgumentException for a name that is not a plain file name
     * @throws IOException when it cannot be created or entered (e.g. EPERM without CAP_SYS_ADMIN)
     */
    public static NetworkNamespace enterOrCreate(String name) throws IOException {
        validate(name);
        Path path = DIRECTORY.resolve(name);
        if (Files.exists(path)) {
            enter(path);
            return new NetworkNamespace(name, false);
        }
        Files.createDirectories(DIRECTORY);
        try {
            Files.createFile(path);
        } catch (FileAlreadyExistsException e) {
            enter(path);
            return new NetworkNamespace(name, false);
        }
        boolean success = false;
        try {
            if (Native.LIBC.unshare(Linux.CLONE_NEWNET) < 0) {
                throw Native.failure("unshare", "CLONE_NEWNET");
            }
            if (Native.LIBC.mount("/proc/thread-self/ns/net", path.toString(), "none", Linux.MS_BIND, 0) < 0) {
                throw Native.failure("mount", path.toString());
            }
            success = true;
            return new NetworkNamespace(name, true);
        } finally {
            if (!success) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static void enter(Path path) throws NativeException {
        int fd = Native.LIBC.open(path.toString(), Linux.O_RDONLY | Linux.O_CLOEXEC);
        if (fd < 0) {
            throw Native.failure("open", path.toString());
        }
        try {
            if (Native.LIBC.setns(fd, Linux.CLONE_NEWNET) < 0) {
                throw Native.failure("setns", path.toString());
            }
        } finally {
            Native.LIBC.close(fd);
        }
    }

    /**
     * Checks a name as {@code ip netns} takes it: a file name in {@link #DIRECTORY}, no '/', not "." or "..", not empty.
     *
     * @throws IllegalArgumentException saying what is expected
     */
    public static void validate(String name) {
        if (name == null || name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0
                || name.indexOf('\0') >= 0 || name.length() > 255) {
            throw new IllegalArgumentException("invalid network namespace name '" + name
                    + "' (expected: a file name without '/', as ip netns uses)");
        }
    }

    public String name() {
        return name;
    }

    /** Whether {@link #enterOrCreate} created it (and {@link #close()} deletes it). */
    public boolean created() {
        return created;
    }

    /**
     * Deletes the namespace if this object created it, as {@code ip netns del} does: the bind mount is detached and
     * the file removed. The namespace itself lives on until no process and no open file refers to it, so the caller
     * should close its devices first. The calling thread stays in it.
     */
    @Override
    public void close() throws IOException {
        if (!created) {
            return;
        }
        Path path = DIRECTORY.resolve(name);
        if (Native.LIBC.umount2(path.toString(), Linux.MNT_DETACH) < 0) {
            throw Native.failure("umount2", path.toString());
        }
        Files.deleteIfExists(path);
    }

    @Override
    public String toString() {
        return "network namespace " + name + (created ? " (created)" : "");
    }
}
