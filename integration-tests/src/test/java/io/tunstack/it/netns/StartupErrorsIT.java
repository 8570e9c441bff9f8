package io.tunstack.it.netns;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.it.support.CommandResult;
import io.tunstack.it.support.NamespaceFixture;
import io.tunstack.it.support.Ping;
import io.tunstack.it.support.Prerequisites;
import io.tunstack.it.support.TunstackProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * When the device cannot be set up: one clear line on the output, exit status 1, no stack trace; a tunstack that
 * already runs on the device (EBUSY from TUNSETIFF) keeps answering.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class StartupErrorsIT {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final NamespaceFixture fixture = NamespaceFixture.named("errors")
            .requiring(() -> Prerequisites.requireCommands("setpriv"));

    private static void assertOneLineError(CommandResult result, String... phrases) {
        List<String> lines = result.output().lines().toList();
        assertAll(
                () -> assertEquals(1, result.exitCode(), result.describe()),
                () -> assertEquals(1, lines.size(), result.describe()),
                () -> assertTrue(lines.get(0).startsWith("tunstack: "), result.describe()),
                () -> {
                    for (String phrase : phrases) {
                        assertTrue(result.output().contains(phrase), () -> phrase + " expected: " + result.describe());
                    }
                },
                () -> assertFalse(result.output().contains("Exception"), result.describe()));
    }

    @Test
    void withoutCapNetAdminItSaysSo() {
        List<String> command = new ArrayList<>(List.of("setpriv", "--inh-caps=-all", "--bounding-set=-all", "--"));
        command.addAll(TunstackProcess.javaCommand(List.of()));

        CommandResult result = fixture.namespace().run(RUN_TIMEOUT, command.toArray(String[]::new));

        assertOneLineError(result, "tun0", "CAP_NET_ADMIN");
        assertFalse(fixture.namespace().hasDevice("tun0"));
    }

    @Test
    void aDeviceInUseIsBusy() throws InterruptedException {
        try (TunstackProcess first = TunstackProcess.startReady(fixture.namespace(), "--device", "tunbusy")) {
            List<String> second = TunstackProcess.javaCommand(List.of("--device", "tunbusy"));

            CommandResult result = fixture.namespace().run(RUN_TIMEOUT, second.toArray(String[]::new));

            assertOneLineError(result, "tunbusy", "busy");
            assertTrue(first.process().isAlive(), "the first tunstack keeps running");
            Ping.run(fixture.namespace(), "-c", "2", "-i", "0.2", "-W", "2", "172.21.22.26")
                    .assertAllAnsweredIntact(2);
        }
    }
}
