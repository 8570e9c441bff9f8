package io.tunstack.it.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.it.support.CommandResult;
import io.tunstack.it.support.Prerequisites;
import io.tunstack.it.support.Processes;
import io.tunstack.it.support.TunstackProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code packaging/tunstack.service} passes {@code systemd-analyze verify} without a single warning (an unknown or
 * misspelt key is only a warning there, so the output must be empty), and keeps its least-privilege settings.
 */
class SystemdUnitIT {

    private static Path unit;

    @BeforeAll
    static void findTheUnit() {
        Prerequisites.requireCommands("systemd-analyze");
        unit = TunstackProcess.jar().getParent().getParent().getParent().resolve("packaging/tunstack.service");
    }

    @Test
    void verifiesWithoutAWarning() {
        CommandResult result = Processes.run(Duration.ofSeconds(60), "systemd-analyze", "verify", unit.toString());

        assertEquals(0, result.exitCode(), result.describe());
        assertEquals("", result.output().strip(), result.describe());
    }

    @Test
    void theAnsweringProcessHasNoCapabilityAndTheSetupRunsPrivileged() throws Exception {
        String text = Files.readString(unit);

        for (String setting : new String[] {"\nCapabilityBoundingSet=\n", "\nNoNewPrivileges=yes\n",
            "\nProtectSystem=strict\n", "\nUser=tunstack\n", "\nExecStartPre=+", "setup --device tun0 --owner tunstack",
            "--no-configure", "\nExecStopPost=+", "teardown --device tun0"}) {
            assertTrue(text.contains(setting), setting);
        }
    }
}
