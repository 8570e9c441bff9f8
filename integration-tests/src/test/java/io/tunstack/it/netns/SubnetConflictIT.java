package io.tunstack.it.netns;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.it.support.CommandResult;
import io.tunstack.it.support.NamespaceFixture;
import io.tunstack.it.support.TunstackProcess;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The safe first run: in a namespace where another interface (a veth here, a laptop's Wi-Fi in real life) already
 * has 172.21.22.0/24, tunstack refuses to configure the same subnet, names the route, and creates nothing;
 * {@code --force} goes ahead.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SubnetConflictIT {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final NamespaceFixture fixture = NamespaceFixture.named("conflict")
            .configuring(namespace -> {
                namespace.runOrFail("ip", "link", "add", "cf0", "type", "veth", "peer", "name", "cf1");
                namespace.runOrFail("ip", "addr", "add", "172.21.22.1/24", "dev", "cf0");
                namespace.runOrFail("ip", "link", "set", "cf0", "up");
                namespace.runOrFail("ip", "link", "set", "cf1", "up");
            });

    @Test
    void anOverlappingSubnetIsRefusedWithTheRouteNamedAndNothingConfigured() {
        CommandResult result = fixture.namespace().run(RUN_TIMEOUT,
                TunstackProcess.javaCommand(List.of()).toArray(String[]::new));

        List<String> lines = result.output().lines().toList();
        assertAll(
                () -> assertEquals(1, result.exitCode(), result.describe()),
                () -> assertEquals(1, lines.size(), result.describe()),
                () -> assertTrue(lines.get(0).startsWith("tunstack: refusing to configure tun0: 172.21.22.0/24"),
                        result.describe()),
                () -> assertTrue(result.output().contains("overlaps the route 172.21.22.0/24 of cf0"),
                        result.describe()),
                () -> assertTrue(result.output().contains("--force"), result.describe()),
                () -> assertFalse(fixture.namespace().hasDevice("tun0"), "nothing created"));
    }

    @Test
    void forceConfiguresItAnyway() throws InterruptedException {
        try (TunstackProcess tunstack = TunstackProcess.startReady(fixture.namespace(), "--force")) {
            assertTrue(fixture.namespace().hasDevice("tun0"));
            assertEquals(0, tunstack.stop("TERM"), tunstack.output());
        }
    }
}
