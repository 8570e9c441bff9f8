package io.tunstack.it.container;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The negative control: the same image, with /dev/net/tun but without NET_ADMIN, cannot create its device. It must
 * exit on its own with a non-zero code and one clear line naming the capability: no hang, no stack trace.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // the first build of the image installs a JRE
class WithoutNetAdminIT {

    @BeforeEach
    void requireDocker() { // per test, so that each skip is counted and says why
        ContainerPrerequisites.requireDocker();
    }

    @Test
    void exitsNonZeroWithOneLineNamingTheCapability() {
        try (TunstackContainer tunstack = TunstackContainer.withoutNetAdmin()
                .withStartupCheckStrategy(new RunsToCompletion().withTimeout(Duration.ofSeconds(60)))) {
            tunstack.start();

            List<String> log = tunstack.logLines();
            String shown = String.join("\n", log);
            long linesNamingTheCapability =
                    log.stream().filter(line -> line.contains(TunstackOutput.MISSING_CAPABILITY)).count();
            assertAll(
                    () -> assertNotEquals(0, tunstack.exitCode(), shown),
                    () -> assertEquals(1, linesNamingTheCapability,
                            () -> "expected one line naming " + TunstackOutput.MISSING_CAPABILITY + ":\n" + shown),
                    () -> assertEquals(List.of(),
                            log.stream().filter(line -> line.matches(TunstackOutput.STACK_TRACE_LINE)).toList(),
                            () -> "a stack trace reached the user:\n" + shown));
        }
    }
}
