package io.tunstack.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --ready-file}: absent until ready, then whole (the PID), gone at exit; nothing else left in its directory. */
class ReadinessTest {

    @TempDir
    Path dir;

    @Test
    void theFileAppearsWhenReadyHoldsThePidAndGoesAtExit() throws IOException {
        Path file = dir.resolve("tunstack.ready");
        try (Readiness readiness = Readiness.open(null, file)) {
            assertFalse(Files.exists(file), "not before ready");

            readiness.ready("answering");

            assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(file));
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(1, files.count(), "the temporary file was renamed, not left");
            }
            readiness.stopping();
            assertTrue(Files.exists(file), "still there while stopping");
        }
        assertFalse(Files.exists(file), "removed at exit");
    }

    @Test
    void aDirectoryThatIsMissingIsAWarningNotAFailure() {
        Path file = dir.resolve("missing").resolve("tunstack.ready");
        try (Readiness readiness = Readiness.open(null, file)) {
            readiness.ready("answering");
            assertFalse(Files.exists(file));
        }
    }

    @Test
    void anUnreachableNotifySocketIsAWarningNotAFailure() {
        try (Readiness readiness = Readiness.open(dir.resolve("no-socket").toString(), null)) {
            readiness.ready("answering");
            readiness.stopping();
        }
    }
}
