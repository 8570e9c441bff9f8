package io.tunstack.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A named namespace created, entered and deleted as {@code ip netns} does it. Each test runs on a thread of its own
 * that is first moved to an isolated namespace, so that the runner's threads never leave the one they are in.
 */
class NetworkNamespaceTest {

    private static final String NAME = "tunstack-device-test-" + ProcessHandle.current().pid();

    private static String currentNamespace() throws Exception {
        return Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
    }

    @Test
    void createsEntersAndDeletesANamedNamespace() throws Exception {
        IsolatedNetwork.run(() -> {
            String before = currentNamespace();
            Path file = NetworkNamespace.DIRECTORY.resolve(NAME);
            try (NetworkNamespace namespace = NetworkNamespace.enterOrCreate(NAME)) {
                assertTrue(namespace.created());
                String inside = currentNamespace();
                assertNotEquals(before, inside, "the thread moved");
                assertTrue(Files.exists(file), "ip netns list sees it");
                // A second thread that enters by name lands in the same namespace, and does not own it.
                String[] seen = new String[1];
                Thread other = new Thread(() -> {
                    try (NetworkNamespace entered = NetworkNamespace.enterOrCreate(NAME)) {
                        assertFalse(entered.created());
                        seen[0] = currentNamespace();
                    } catch (Exception e) {
                        seen[0] = e.toString();
                    }
                });
                other.start();
                other.join();
                assertEquals(inside, seen[0]);
            }
            assertFalse(Files.exists(file), "deleted by close()");
        });
    }

    @Test
    void refusesANameThatIsNotAFileName() {
        assertThrows(IllegalArgumentException.class, () -> NetworkNamespace.enterOrCreate("../etc"));
        assertThrows(IllegalArgumentException.class, () -> NetworkNamespace.enterOrCreate(""));
    }
}
