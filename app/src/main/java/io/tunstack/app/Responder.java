package io.tunstack.app;

import io.tunstack.device.InterfaceConfig;
import io.tunstack.device.NativeException;
import io.tunstack.device.TunDevice;
import io.tunstack.stack.NetworkStack;
import io.tunstack.stack.StackConfig;
import io.tunstack.stack.StackCounters;
import io.tunstack.stack.wire.Ipv4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running program: the device with its queues, and one {@link Worker} thread per queue.
 *
 * <p>Life cycle, driven by the command: {@link #start()} opens (and unless {@code --no-configure}, configures) the
 * device, starts the workers and logs the ready line; {@link #awaitTermination()} returns when every worker has ended;
 * {@link #close()} closes the device queues, and the kernel removes a device that tunstack created.
 *
 * <p>{@link #stop()} may be called from any thread at any time, also before or during {@link #start()} (a signal
 * that arrives early): it wakes every queue opened so far, and queues opened later start woken.
 */
final class Responder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Responder.class);

    private final ResponderSettings settings;
    private final IntFunction<PacketObserver> observerForQueue;

    /** The open device queues; guarded by {@code this} together with {@link #stopRequested}. */
    private final List<TunDevice> devices = new ArrayList<>();
    private boolean stopRequested;

    /** Written by {@link #start()} before the threads start; read after they have been joined. */
    private final List<Worker> workers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    private volatile String failure;

    /**
     * @param observerForQueue the observer for the worker of queue {@code i}, or {@code null} for none
     */
    Responder(ResponderSettings settings, IntFunction<PacketObserver> observerForQueue) {
        this.settings = settings;
        this.observerForQueue = observerForQueue;
    }

    /** Opens and configures the device, starts one worker per queue, and logs one ready line. */
    void start() throws StartupException {
        String name = settings.deviceName();
        int mtu = settings.configure() ? settings.mtu() : existingDeviceMtu(name);
        TunDevice first = open(name);
        name = first.name();
        if (settings.configure()) {
            configure(name, mtu);
        }
        for (int queue = 1; queue < settings.queues(); queue++) {
            open(name);
        }
        StackConfig config = settings.stackConfig(mtu);
        List<TunDevice> queues;
        synchronized (this) {
            queues = List.copyOf(devices);
        }
        for (int queue = 0; queue < queues.size(); queue++) {
            NetworkStack stack = new NetworkStack(config, new StackCounters());
            Worker worker = new Worker(queue, queues.get(queue), stack, observerForQueue.apply(queue),
                    this::workerFailed);
            Thread thread = new Thread(worker, "tunstack-queue-" + queue);
            workers.add(worker);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        log.info("tunstack ready on {} ({}, mtu {}, {}): answering {}{}", name, settings.address(), mtu,
                queues.size() == 1 ? "1 queue" : queues.size() + " queues", config.answered(),
                config.answerBroadcast()
                        ? " and the broadcast " + Ipv4Address.format(settings.address().broadcast())
                        : "");
    }

    /** Asks every worker to stop. Idempotent; any thread. */
    void stop() {
        synchronized (this) {
            stopRequested = true;
            devices.forEach(TunDevice::wakeup);
        }
    }

    /** Waits until every worker has ended: after {@link #stop()} or a device failure. */
    void awaitTermination() throws InterruptedException {
        for (Thread thread : threads) {
            thread.join();
        }
    }

    /** The totals so far; any thread. */
    Summary summary() {
        return Summary.of(workers);
    }

    /** Why a worker stopped on its own (a failed read), or {@code null} if none did. */
    String failure() {
        return failure;
    }

    /** Closes every device queue. Call after {@link #awaitTermination()}. */
    @Override
    public void close() {
        synchronized (this) {
            devices.forEach(TunDevice::close);
            devices.clear();
        }
    }

    private int existingDeviceMtu(String name) throws StartupException {
        try {
            return InterfaceConfig.mtu(name);
        } catch (NativeException e) {
            throw new StartupException(DeviceErrors.attachFailed(name, e), e);
        }
    }

    private TunDevice open(String name) throws StartupException {
        TunDevice device;
        try {
            device = TunDevice.open(name, settings.multiQueue());
        } catch (NativeException e) {
            throw new StartupException(DeviceErrors.openFailed(name, e), e);
        }
        synchronized (this) {
            devices.add(device);
            if (stopRequested) {
                device.wakeup();
            }
        }
        return device;
    }

    private void configure(String name, int mtu) throws StartupException {
        Cidr address = settings.address();
        try {
            InterfaceConfig.configure(name, address.address(), address.prefixLength(), mtu);
        } catch (NativeException e) {
            throw new StartupException(DeviceErrors.configureFailed(name, address, mtu, e), e);
        }
    }

    private void workerFailed(int queue, NativeException cause) {
        failure = "reading queue " + queue + " of " + settings.deviceName() + " failed: " + cause.getMessage();
        log.error(failure);
        stop();
    }
}
