package io.tunstack.device;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes {@code net.ipv6.conf.*} settings of the calling thread's network namespace, for tests that run in an
 * {@link IsolatedNetwork}. {@code /proc/sys/net} shows the namespace of the thread that opens it; before any write,
 * this checks that the namespace holds only {@code lo} and the test's own devices, so that a mistake can never change
 * the machine's own namespace.
 */
final class Sysctl {

    private static final Path IPV6_CONF = Path.of("/proc/sys/net/ipv6/conf");
    private static final Path IPV4_CONF = Path.of("/proc/sys/net/ipv4/conf");

    private Sysctl() {
    }

    /**
     * Writes {@code value} to {@code net.ipv6.conf.CONF.disable_ipv6}.
     *
     * @param conf {@code "all"}, {@code "default"} or a device name
     * @param devices the devices the test created: the namespace may hold these and {@code lo}, nothing else
     */
    static void disableIpv6(String conf, int value, Set<String> devices) throws IOException {
        requireOwnNamespace(devices);
        Files.writeString(IPV6_CONF.resolve(conf).resolve("disable_ipv6"), Integer.toString(value));
    }

    private static void requireOwnNamespace(Set<String> devices) throws IOException {
        try (Stream<Path> confs = Files.list(IPV4_CONF)) {
            Set<String> names = confs.map(path -> path.getFileName().toString())
                    .filter(name -> !name.equals("all") && !name.equals("default") && !name.equals("lo"))
                    .collect(Collectors.toSet());
            assertEquals(devices, names, "the namespace holds only lo and the test's devices: it is the test's own");
        }
    }
}
