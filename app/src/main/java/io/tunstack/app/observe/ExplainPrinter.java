package io.tunstack.app.observe;

import io.tunstack.stack.verdict.Verdict;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code --explain[=N]}: the teaching dump of the first N packets read (shared by all workers) and of the packets
 * written in answer to them: every header field, the checksums worked through, the verdict, and for a reply what
 * changed and why.
 *
 * <p>The kernel's own IPv6 link chatter never reaches it ({@link LinkChatterFilter}) unless
 * {@code --show-link-chatter}, so it neither counts among the N nor is explained.
 *
 * <p>One instance per worker: it remembers whether that worker's last packet read was explained.
 */
final class ExplainPrinter implements ExchangeListener {

    private static final String RULE = "=".repeat(100);

    private final PrintStream out;
    private final AtomicInteger remaining;
    private final PacketText text;
    private CapturedPacket explainedRequest;

    /**
     * @param remaining how many more packets read may be explained, shared by every worker's observer
     * @param text how the packets read: raw IP, or Ethernet frames (the Ethernet header, then ARP or IP)
     */
    ExplainPrinter(PrintStream out, AtomicInteger remaining, PacketText text) {
        this.out = out;
        this.remaining = remaining;
        this.text = text;
    }

    @Override
    public void onRead(CapturedPacket packet, Verdict verdict) {
        explainedRequest = null;
        if (remaining.getAndUpdate(n -> Math.max(n - 1, 0)) == 0) {
            return;
        }
        explainedRequest = packet;
        print("Packet read (" + packet.bytes().length + " bytes), verdict: " + verdict,
                text.explain(packet.asBuffer()));
    }

    @Override
    public void onWritten(CapturedPacket request, CapturedPacket reply) {
        if (request == null || request != explainedRequest) {
            return;
        }
        print("Packet written in answer (" + reply.bytes().length + " bytes)",
                text.explain(reply.asBuffer()) + "\n" + text.changes(request.asBuffer(), reply.asBuffer()));
    }

    private void print(String title, String body) {
        String text = RULE + "\n" + title + "\n" + RULE + "\n" + body;
        synchronized (out) {
            out.println(text);
        }
    }
}
