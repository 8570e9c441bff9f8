package io.tunstack.device;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs test code on a dedicated thread that first moves into a fresh network namespace with
 * {@code unshare(CLONE_NEWNET)}. Tun devices, addresses and sockets that code creates live in that namespace, never in
 * the machine's own; the namespace disappears when the thread has ended and its fds are closed.
 *
 * <p>Network namespaces are per thread in Linux, so the rest of the JVM stays where it was.
 */
final class IsolatedNetwork {


    /** How long the code may run before the test fails. */
    private static final long TIMEOUT_SECONDS = 60;


    /** Test code that may throw. */
    interface Body {
        void run() throws Exception;
    }

    private IsolatedNetwork() {
    }

    /**
     * Checks the prerequisites ({@link Prerequisites#requireTunInOwnNamespace()}), then runs {@code body} in a new
     * network namespace on a new thread and waits for it; rethrows what it threw.
     */
    static void run(Body body) throws Exception {
        Prerequisites.requireTunInOwnNamespace();
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                if (Native.LIBC.unshare(Linux.CLONE_NEWNET) != 0) {
                    throw Native.failure("unshare", "CLONE_NEWNET");
                }
                body.run();
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        }, "isolated-network");
        thread.setDaemon(true);
        thread.start();
        try {
            done.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception) {
                throw (Exception) cause;
            }
            throw (Error) cause;
        }
        thread.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
    }
}
