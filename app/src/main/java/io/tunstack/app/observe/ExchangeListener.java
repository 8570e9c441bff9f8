package io.tunstack.app.observe;

/**
 * What {@code --trace}, {@code --explain} and {@code --pcap} each do with an exchange that an
 * {@link ExchangeObserver} reports: a packet read, once its verdict is known, and each packet written in answer.
 */
interface ExchangeListener {

    /** A packet read from the device, now that its verdict is known. */
    void onRead(CapturedPacket packet, Verdict verdict);

    /** A packet written to the device, in answer to {@code request} (the last packet read, as it was read). */
    void onWritten(CapturedPacket request, CapturedPacket reply);
}
