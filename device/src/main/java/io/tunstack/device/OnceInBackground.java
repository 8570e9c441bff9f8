package io.tunstack.device;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A value computed once, either on a daemon thread started ahead of need ({@link #startInBackground()}) or by the first
 * caller of {@link #get()}, whichever comes first; a caller that comes while another thread computes it waits. A
 * computation that failed fails every {@link #get()} with the same exception: an {@link Error} or a
 * {@link RuntimeException} as it was thrown, a checked exception inside an {@link IllegalStateException}.
 */
final class OnceInBackground<T> {

    private final String threadName;
    private final FutureTask<T> task;
    private final AtomicBoolean threadStarted = new AtomicBoolean();

    OnceInBackground(String threadName, Callable<T> computation) {
        this.threadName = threadName;
        this.task = new FutureTask<>(computation);
    }

    /** Starts the computation on a daemon thread, once; does nothing when it has ended. */
    void startInBackground() {
        if (task.isDone() || !threadStarted.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(task, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** The value: computed on the calling thread unless another thread has computed it or is computing it. */
    T get() {
        // FutureTask.run() does nothing when the task has run or is running; get() then waits for its end.
        task.run();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw unchecked(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private RuntimeException unchecked(Throwable cause) {
        if (cause instanceof Error error) {
            throw error;
        }
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        return new IllegalStateException(threadName + " failed", cause);
    }
}
