package io.tunstack.it.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.tunstack.it.support.Prerequisites;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs tools/inject/test_tuninject.py, which checks the injector against the Linux kernel alone (no tunstack): what
 * it sends reaches the tun reader byte for byte, what the reader writes comes back to it, and a refused or
 * queue-dropped packet is reported. The hostile-input tests mean nothing if the injector does not do that.
 */
class InjectorSelfTestIT {

    @Test
    void injectorBehavesAsDocumentedAgainstTheKernel() throws Exception {
        Prerequisites.requireRoot();
        Prerequisites.requireTunDevice();
        Prerequisites.requireCommands("ip", "ping");
        Injector.requireAvailable();
        // The script moves itself into a network namespace of its own (unshare(CLONE_NEWNET)) before it creates a
        // TUN device, so nothing happens in the machine's namespace.
        Process process = new ProcessBuilder("python3",
            Injector.script("test_tuninject.py").toString())
            .redirectErrorStream(true).start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        process.getInputStream().transferTo(output);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        String text = output.toString(StandardCharsets.UTF_8);
        assertFalse(text.contains("skipped"), "the self-test must run, not skip:\n" + text);
        assertEquals(0, process.exitValue(), text);
    }
}
