package io.tunstack.device;

import jnr.ffi.LibraryLoader;

/**
 * The binding of the C library's calls that every device operation goes through ({@link LibC}). jnr-ffi generates it
 * with ASM on first use, which takes 0.2 to 0.3 s of a start (docs/BENCHMARKS.md); {@link #prepareInBackground()} has
 * it generated on a thread of its own while the program does other start-up work. Whoever needs the binding first
 * either generates it or waits for the thread that is doing it, and a binding that failed fails every caller with the
 * exception it failed with.
 */
public final class NativeBinding {

    private static final OnceInBackground<LibC> LIBC =
            new OnceInBackground<>("tunstack-native-binding", () -> LibraryLoader.create(LibC.class).load("c"));

    private NativeBinding() {
    }

    /**
     * Starts generating the binding on a daemon thread, so that the first device operation does not wait for it.
     * Never needed for correctness; a second call does nothing.
     */
    public static void prepareInBackground() {
        LIBC.startInBackground();
    }

    /** The binding: generated on the calling thread, or waited for when another thread generates it. */
    static LibC libc() {
        return LIBC.get();
    }
}
