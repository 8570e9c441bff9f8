package io.tunstack.app.observe;

import io.netty.buffer.ByteBuf;
import io.tunstack.app.PacketObserver;
import io.tunstack.stack.DropReason;
import java.util.List;

/** One worker's observers, called in order: trace, then explain, then pcap. */
final class ObserverChain implements PacketObserver, AutoCloseable {

    private final List<ExchangeObserver> observers;

    ObserverChain(List<ExchangeObserver> observers) {
        this.observers = List.copyOf(observers);
    }

    @Override
    public void received(ByteBuf packet) {
        for (ExchangeObserver observer : observers) {
            observer.received(packet);
        }
    }

    @Override
    public void transmitted(ByteBuf packet) {
        for (ExchangeObserver observer : observers) {
            observer.transmitted(packet);
        }
    }

    @Override
    public void dropped(DropReason reason) {
        for (ExchangeObserver observer : observers) {
            observer.dropped(reason);
        }
    }

    /** Reports the packets still waiting for a verdict. */
    @Override
    public void close() {
        for (ExchangeObserver observer : observers) {
            observer.close();
        }
    }
}
