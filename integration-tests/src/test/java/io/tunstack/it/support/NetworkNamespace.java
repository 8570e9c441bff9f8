package io.tunstack.it.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A throwaway network namespace that a test creates and deletes: everything that sends packets or creates a device
 * runs inside one, never in the machine's own namespace.
 *
 * <p>The name holds this JVM's PID ({@code tunstack-echo-12345}) so that parallel runs do not clash. {@link #close()}
 * deletes it, which also removes every device in it; call it in {@code @AfterAll} or try-with-resources so that it
 * happens on failure too.
 */
public final class NetworkNamespace implements AutoCloseable {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final String name;

    private NetworkNamespace(String name) {
        this.name = name;
    }

    /**
     * Creates the namespace {@code tunstack-<purpose>-<pid>} and brings its loopback up. If bringing it up fails,
     * the namespace is deleted again.
     */
    public static NetworkNamespace create(String purpose) {
        String name = "tunstack-" + purpose + "-" + ProcessHandle.current().pid();
        Processes.runOrFail(COMMAND_TIMEOUT, "ip", "netns", "add", name);
        NetworkNamespace namespace = new NetworkNamespace(name);
        try {
            namespace.runOrFail("ip", "link", "set", "lo", "up");
        } catch (RuntimeException | Error e) {
            namespace.close();
            throw e;
        }
        return namespace;
    }

    public String name() {
        return name;
    }

    /**
     * Turns IPv6 off for every device created from now on, so that the kernel sends no router solicitations or MLD
     * reports: for tests that count every packet.
     */
    public void disableIpv6() {
        runOrFail("sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1");
    }

    /** {@code command} prefixed with {@code ip netns exec NAME}: it runs inside this namespace. */
    public List<String> exec(List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(command);
        return full;
    }

    /** Runs {@code command} inside this namespace with a deadline. */
    public CommandResult run(Duration timeout, String... command) {
        return Processes.run(timeout, exec(List.of(command)));
    }

    /** Runs {@code command} inside this namespace and fails unless it exits with 0. */
    public CommandResult runOrFail(String... command) {
        CommandResult result = run(COMMAND_TIMEOUT, command);
        if (!result.succeeded()) {
            throw new AssertionError(result.describe());
        }
        return result;
    }

    /** Whether the namespace has a network device called {@code device}. */
    public boolean hasDevice(String device) {
        return run(COMMAND_TIMEOUT, "ip", "link", "show", device).succeeded();
    }

    /** Deletes the namespace and every device in it. */
    @Override
    public void close() {
        Processes.runOrFail(COMMAND_TIMEOUT, "ip", "netns", "del", name);
    }
}
