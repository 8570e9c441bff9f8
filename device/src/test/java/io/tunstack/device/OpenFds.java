package io.tunstack.device;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Counts this process's open fds of one kind, from the links in {@code /proc/self/fd}, so that a test can check that
 * a failed call closed what it opened. Only one kind: other threads of the JVM (class loading, the test runner) open
 * and close files at any time, so a count of all fds would make a racy test.
 */
final class OpenFds {

    private OpenFds() {
    }

    /** The fds open on {@code /dev/net/tun}. */
    static long tun() throws IOException {
        return count(TunDevice.CLONE_DEVICE::equals);
    }

    /** The open sockets: their links read {@code socket:[inode]}. */
    static long sockets() throws IOException {
        return count(target -> target.startsWith("socket:"));
    }

    private static long count(Predicate<String> target) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(OpenFds::target).filter(target).count();
        }
    }

    private static String target(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
            return ""; // closed between listing and reading: not ours
        }
    }
}
