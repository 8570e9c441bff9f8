package io.tunstack.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The capabilities of a process that is not root but was given CAP_NET_ADMIN as a permitted file capability (the
 * container image's {@code setcap cap_net_admin+p}): raised to use it, then dropped with everything else. Each test
 * works on a thread of its own, since capability sets are per thread; the rest of the JVM keeps root's.
 */
class PrivilegesTest {

    private static final long NET_ADMIN = 1L << Privileges.CAP_NET_ADMIN;

    /** Runs {@code body} on a new thread and rethrows what it threw. */
    private static void onOwnThread(ThrowingRunnable body) throws Throwable {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        thread.start();
        thread.join();
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void raisesAPermittedCapabilityIntoTheEffectiveSet() throws Throwable {
        Prerequisites.requireRoot();
        onOwnThread(() -> {
            Privileges.keepOnlyPermitted(Privileges.CAP_NET_ADMIN);
            assertEquals(0, Privileges.effectiveCapabilities());
            assertEquals(NET_ADMIN, Privileges.permittedCapabilities());

            assertTrue(Privileges.raise(Privileges.CAP_NET_ADMIN));

            assertEquals(NET_ADMIN, Privileges.effectiveCapabilities());
        });
    }

    @Test
    void saysWhenACapabilityIsNotEvenPermitted() throws Throwable {
        Prerequisites.requireRoot();
        onOwnThread(() -> {
            Privileges.keepOnlyPermitted(Privileges.CAP_NET_ADMIN);
            assertEquals(false, Privileges.raise(Privileges.CAP_NET_ADMIN + 1));
            assertEquals(0, Privileges.effectiveCapabilities());
        });
    }

    @Test
    void dropsEveryCapabilityAndSetsNoNewPrivs() throws Throwable {
        Prerequisites.requireRoot();
        onOwnThread(() -> {
            Privileges.keepOnlyPermitted(Privileges.CAP_NET_ADMIN);
            Privileges.raise(Privileges.CAP_NET_ADMIN);

            Privileges.dropCapabilities();

            assertEquals(0, Privileges.effectiveCapabilities());
            assertEquals(0, Privileges.permittedCapabilities());
            assertTrue(Files.readAllLines(Path.of("/proc/thread-self/status")).contains("NoNewPrivs:\t1"));
            // A thread started now inherits nothing.
            AtomicReference<Long> child = new AtomicReference<>();
            Thread thread = new Thread(() -> {
                try {
                    child.set(Privileges.effectiveCapabilities() | Privileges.permittedCapabilities());
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            thread.start();
            thread.join();
            assertEquals(0L, child.get());
        });
    }
}
