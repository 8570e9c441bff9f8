package io.tunstack.app.observe;

import io.tunstack.stack.verdict.Verdict;

/**
 * What {@code --trace}, {@code --explain} and {@code --pcap} each do with an exchange that an
 * {@link ExchangeObserver} reports: a packet read with the stack's verdict, then each packet written in answer to it.
 */
interface ExchangeListener {

    /** A packet read from the device, with what the stack did with it. */
    void onRead(CapturedPacket packet, Verdict verdict);

    /**
     * A packet read, with what the stack did with it and what a host profile did to it ({@code profile slow (delay
     * 50ms): held 50.0 ms}), or {@code null} when no profile applied. Listeners that do not show profiles need not
     * override it.
     */
    default void onRead(CapturedPacket packet, Verdict verdict, String profileEffect) {
        onRead(packet, verdict);
    }

    /**
     * A packet written to the device, in answer to {@code request} (the packet read, as it was read), or with
     * {@code request} {@code null} when the stack sent it on its own (from its timers).
     */
    void onWritten(CapturedPacket request, CapturedPacket reply);
}
