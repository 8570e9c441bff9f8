package io.tunstack.app.observe;

import java.time.Clock;

/**
 * Writes every packet read and written to a {@link PcapCapture}; a dropped packet carries its drop reason as the
 * packet comment ({@code tshark -r FILE -V} or Wireshark show it). One instance per worker.
 */
final class PcapObserver extends ExchangeObserver {

    private final PcapCapture capture;

    PcapObserver(PcapCapture capture, Clock clock) {
        super(clock);
        this.capture = capture;
    }

    @Override
    void onRead(CapturedPacket packet, Verdict verdict) {
        String comment = verdict.dropReason() == null ? null
                : "tunstack: " + verdict + " (" + verdict.dropReason().description() + ")";
        capture.write(packet, PcapNgWriter.Direction.INBOUND, comment);
    }

    @Override
    void onWritten(CapturedPacket request, CapturedPacket reply) {
        capture.write(reply, PcapNgWriter.Direction.OUTBOUND, null);
    }
}
