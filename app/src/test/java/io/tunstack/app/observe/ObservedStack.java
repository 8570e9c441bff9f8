package io.tunstack.app.observe;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.tunstack.app.PacketObserver;
import io.tunstack.stack.NetworkStack;
import io.tunstack.stack.TestEnvironment;
import io.tunstack.stack.address.InterfaceAddress;
import io.tunstack.stack.config.StackConfig;
import io.tunstack.stack.ip.Transmitter;
import io.tunstack.stack.verdict.StackCounters;
import io.tunstack.stack.verdict.Verdict;
import io.tunstack.stack.wire.CapturedIpv6Packets;
import java.util.ArrayList;
import java.util.List;

/**
 * A real {@link NetworkStack} played as a worker plays it, for the observers' tests: the observer sees each packet
 * read, then what the stack transmits while handling it (each counted as written), then the verdict the stack
 * returned. The verdicts, and so what the observers show, are the stack's own.
 */
public final class ObservedStack implements Transmitter, AutoCloseable {

    /** The default device of both families: 172.21.22.23/24 and fd00:172:21:22::23/64, as the captures used. */
    public static final StackConfig CONFIG = StackConfig.builder()
            .address(InterfaceAddress.parse("172.21.22.23/24"))
            .address(InterfaceAddress.parse("fd00:172:21:22::23/64"))
            .build();

    private final NetworkStack stack;
    private final QueueCounters counters = new QueueCounters(new StackCounters(), new DeviceCounters());
    private final PacketObserver observer;
    private final List<byte[]> written = new ArrayList<>();

    /** @param observer sees every packet and verdict, or {@code null} */
    public ObservedStack(PacketObserver observer) {
        this.observer = observer;
        this.stack = new NetworkStack(CONFIG, counters.stack(), TestEnvironment.fixed(0x1234));
    }

    /** Reads {@code packet} as from the device: the observer, the stack, then the verdict to the observer. */
    public Verdict read(byte[] packet) {
        ByteBuf buffer = CapturedIpv6Packets.copy(packet);
        try {
            if (observer != null) {
                observer.received(buffer);
            }
            Verdict verdict = stack.receive(buffer, this);
            if (observer != null) {
                observer.verdict(verdict);
            }
            return verdict;
        } finally {
            buffer.release();
        }
    }

    @Override
    public void transmit(ByteBuf packet) {
        if (observer != null) {
            observer.transmitted(packet);
        }
        written.add(ByteBufUtil.getBytes(packet));
        counters.device().countWritten();
    }

    /** This queue's counters, as a worker's. */
    public QueueCounters counters() {
        return counters;
    }

    /** What the stack wrote, in order. */
    public List<byte[]> written() {
        return written;
    }

    @Override
    public void close() {
        stack.close();
    }
}
