package io.tunstack.benchmarks;

import java.util.concurrent.TimeUnit;
import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.IgnoreError;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * What one call through jnr-ffi costs, bound the way the device binds {@code read()} and {@code write()}: a C function
 * loaded once, called with primitive arguments. libc's {@code abs()} makes no system call, so what is measured is the
 * call itself: the generated stub, the transition from Java to native code and back and, in the default binding, saving
 * errno after the call (which the device needs, to tell {@code EAGAIN} from a failure). {@link #javaMathAbs} is the
 * same work without any native call. A tun {@code read()} or {@code write()} costs about 1.5 µs in the kernel.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class NativeCallBenchmark {

    /** libc's {@code int abs(int)}, with jnr-ffi's default: errno saved after every call, as the device's LibC. */
    public interface SavingErrno {
        int abs(int value);
    }

    /** The same function, errno not saved. */
    public interface IgnoringErrno {
        @IgnoreError
        int abs(int value);
    }

    private static final SavingErrno SAVING_ERRNO = LibraryLoader.create(SavingErrno.class).load("c");
    private static final IgnoringErrno IGNORING_ERRNO = LibraryLoader.create(IgnoringErrno.class).load("c");

    /** A field, not a constant, so that the JIT cannot fold the calls away. */
    private int value = -42;

    @Benchmark
    public int savingErrno() {
        return SAVING_ERRNO.abs(value);
    }

    @Benchmark
    public int ignoringErrno() {
        return IGNORING_ERRNO.abs(value);
    }

    @Benchmark
    public int javaMathAbs() {
        return Math.abs(value);
    }
}
