package io.tunstack.it.profiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.it.support.CommandResult;
import io.tunstack.it.support.NamespaceFixture;
import io.tunstack.it.support.Ping;
import io.tunstack.it.support.PingResult;
import io.tunstack.it.support.TunstackProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --config FILE}: its hosts take effect, SIGHUP reloads them, a broken file on SIGHUP keeps the old ones
 * working (with one warning), and a broken file at start-up is a usage error naming the line and the key.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ConfigReloadIT {

    private static final String HOST = "172.21.22.50";

    @RegisterExtension
    static final NamespaceFixture fixture = NamespaceFixture.named("reload");

    @TempDir
    Path dir;

    private static PingResult ping() {
        return Ping.run(fixture.namespace(), "-c", "2", "-i", "0.2", "-W", "2", HOST);
    }

    @Test
    void aBrokenFileOnSighupLeavesTheOldOneWorking() throws IOException, InterruptedException {
        Path config = dir.resolve("tunstack.toml");
        Files.writeString(config, """
                quiet = true
                [profiles]
                windows = "ttl 128"
                [hosts]
                "%s" = "windows"
                """.formatted(HOST));
        try (TunstackProcess tunstack = TunstackProcess.startReady(fixture.namespace(), "--config",
                config.toString())) {
            assertTrue(ping().output().contains("ttl=128"), "the file's profile");

            Files.writeString(config, "[profiles]\nwindows = \"ttl 1000\"\n[hosts]\n\"" + HOST + "\" = \"windows\"\n");
            int from = tunstack.process().lines().size();
            tunstack.process().signal("HUP");
            String warning = tunstack.process().awaitLine(from, line -> line.contains("not reloaded"),
                    Duration.ofSeconds(10));
            assertTrue(warning.contains("line 2, key profiles.windows"), warning);
            PingResult afterBroken = ping();
            assertEquals(2, afterBroken.received(), "still running, still answering:\n" + tunstack.output());
            assertTrue(afterBroken.output().contains("ttl=128"), "the old profile:\n" + afterBroken.output());

            Files.writeString(config, "[hosts]\n\"" + HOST + "\" = \"ttl 255\"\n");
            from = tunstack.process().lines().size();
            tunstack.process().signal("HUP");
            tunstack.process().awaitLine(from, line -> line.contains("reloaded"), Duration.ofSeconds(10));
            assertTrue(ping().output().contains("ttl=255"), "the new profile");

            assertEquals(0, tunstack.stop("TERM"), tunstack.output());
            assertTrue(tunstack.output().contains("profile ttl 255: 2 matched"), tunstack.output());
        }
    }

    @Test
    void aBrokenFileAtStartUpIsAUsageErrorNamingTheLineAndTheKey() throws IOException {
        Path config = dir.resolve("broken.toml");
        Files.writeString(config, "quiet = true\n\n[hosts]\n\"" + HOST + "\" = \"delay\"\n");

        CommandResult result = fixture.namespace().run(Duration.ofSeconds(60),
                TunstackProcess.javaCommand(List.of("--config", config.toString())).toArray(String[]::new));

        assertEquals(2, result.exitCode(), result.describe());
        assertTrue(result.output().contains("line 4, key hosts.\"" + HOST + "\": 'delay' needs a value"),
                result.describe());
        assertEquals(1, result.output().lines().count(), result.describe());
    }
}
