package io.tunstack.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class OnceInBackgroundTest {

    @Test
    void withoutABackgroundThreadTheFirstCallerComputesTheValueOnItsOwnThread() {
        AtomicReference<Thread> computedOn = new AtomicReference<>();
        OnceInBackground<String> once = new OnceInBackground<>("test-binding", () -> {
            computedOn.set(Thread.currentThread());
            return "bound";
        });

        assertEquals("bound", once.get());
        assertSame(Thread.currentThread(), computedOn.get());
    }

    @Test
    void aCallerThatComesWhileTheBackgroundThreadComputesWaitsForItsValue() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger computations = new AtomicInteger();
        AtomicReference<String> computedOn = new AtomicReference<>();
        OnceInBackground<Object> once = new OnceInBackground<>("test-binding", () -> {
            computations.incrementAndGet();
            computedOn.set(Thread.currentThread().getName());
            started.countDown();
            assertTrue(release.await(10, TimeUnit.SECONDS));
            return new Object();
        });

        once.startInBackground();
        once.startInBackground();
        assertTrue(started.await(10, TimeUnit.SECONDS));
        AtomicReference<Object> seen = new AtomicReference<>();
        Thread caller = new Thread(() -> seen.set(once.get()));
        caller.start();
        caller.join(200);
        assertTrue(caller.isAlive(), "the caller waits while the binding is being generated");
        release.countDown();
        caller.join(10_000);

        assertSame(once.get(), seen.get());
        assertEquals(1, computations.get());
        assertEquals("test-binding", computedOn.get());
    }

    @Test
    void aFailedComputationFailsEveryCallerWithTheErrorItThrew() throws InterruptedException {
        UnsatisfiedLinkError failure = new UnsatisfiedLinkError("no libc here");
        AtomicInteger computations = new AtomicInteger();
        OnceInBackground<Object> once = new OnceInBackground<>("test-binding", () -> {
            computations.incrementAndGet();
            throw failure;
        });

        once.startInBackground();
        assertSame(failure, assertThrows(UnsatisfiedLinkError.class, once::get));
        assertSame(failure, assertThrows(UnsatisfiedLinkError.class, once::get));
        assertEquals(1, computations.get());
    }

    @Test
    void aCheckedExceptionComesBackAsTheCauseOfAnIllegalStateException() {
        IOException failure = new IOException("cannot read the library");
        OnceInBackground<Object> once = new OnceInBackground<>("test-binding", () -> {
            throw failure;
        });

        IllegalStateException thrown = assertThrows(IllegalStateException.class, once::get);
        assertSame(failure, thrown.getCause());
        assertInstanceOf(IllegalStateException.class, assertThrows(RuntimeException.class, once::get));
    }

    @Test
    void theBindingIsTheOneNativeCallsUse() {
        NativeBinding.prepareInBackground();
        assertSame(Native.LIBC, NativeBinding.libc());
    }
}
