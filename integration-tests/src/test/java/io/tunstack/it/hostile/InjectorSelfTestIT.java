package io.tunstack.it.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.tunstack.it.support.CommandResult;
import io.tunstack.it.support.Prerequisites;
import io.tunstack.it.support.Processes;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Runs tools/inject/test_tuninject.py, which checks the injector against the Linux kernel alone (no tunstack): what
 * it sends reaches the tun reader byte for byte, what the reader writes comes back to it, and a refused or
 * queue-dropped packet is reported. The hostile-input tests mean nothing if the injector does not do that.
 */
class InjectorSelfTestIT {

    @Test
    void injectorBehavesAsDocumentedAgainstTheKernel() {
        Prerequisites.requireRoot();
        Prerequisites.requireTunDevice();
        Prerequisites.requireCommands("ip", "ping");
        Injector.requireAvailable();
        // The script moves itself into a network namespace of its own (unshare(CLONE_NEWNET)) before it creates a
        // TUN device, so nothing happens in the machine's namespace.
        CommandResult result = Processes.run(Duration.ofSeconds(120),
            "python3", Injector.script("test_tuninject.py").toString());
        assertFalse(result.output().contains("skipped"), "the self-test must run, not skip:\n" + result.output());
        assertEquals(0, result.exitCode(), result.output());
    }
}
