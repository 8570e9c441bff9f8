package io.tunstack.it.netns;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.it.support.NamespaceFixture;
import io.tunstack.it.support.Ping;
import io.tunstack.it.support.PingResult;
import io.tunstack.it.support.TunstackCounters;
import io.tunstack.it.support.TunstackProcess;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SIGTERM or SIGINT: an orderly stop with exit status 0, the summary, no leaked buffer, and the device gone. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ShutdownIT {

    @RegisterExtension
    static final NamespaceFixture fixture = NamespaceFixture.named("shutdown");

    @ParameterizedTest(name = "SIG{0}")
    @ValueSource(strings = {"TERM", "INT"})
    void aSignalStopsWithStatusZeroASummaryAndNoDevice(String signal) throws InterruptedException {
        try (TunstackProcess tunstack = TunstackProcess.startReady(fixture.namespace())) {
            assertTrue(fixture.namespace().hasDevice("tun0"), "tunstack created tun0");
            PingResult ping = Ping.run(fixture.namespace(), "-c", "2", "-i", "0.2", "-W", "2", "172.21.22.26");
            assertEquals(2, ping.received(), ping.output());

            int exitCode = tunstack.stop(signal);

            TunstackCounters summary = tunstack.summary();
            String output = tunstack.output();
            assertAll(
                    () -> assertEquals(0, exitCode, output),
                    () -> assertEquals(2, summary.answered(), output),
                    () -> assertEquals(2, summary.packetsWritten(), output),
                    () -> assertTrue(summary.packetsRead() >= 2, output),
                    () -> assertEquals(0, summary.deviceErrors(), output),
                    () -> assertFalse(output.contains("LEAK"), output),
                    () -> assertFalse(output.contains("Exception"), output),
                    () -> assertFalse(fixture.namespace().hasDevice("tun0"), "tun0 should be gone"));
        }
    }
}
