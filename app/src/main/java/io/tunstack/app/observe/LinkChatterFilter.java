package io.tunstack.app.observe;

import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.verdict.Verdict;

/**
 * Keeps the kernel's own IPv6 link chatter from a listener meant for people ({@code --trace}, {@code --explain}),
 * unless {@code --show-link-chatter}: the router solicitations, MLD reports and neighbour discovery that the kernel
 * sends on the device by itself when it comes up. They are nobody's request, and without this they are the first
 * trace line of every run and take the first {@code --explain} before the learner's own ping arrives.
 *
 * <p>What is chatter is the stack's decision, read from its verdict ({@link DropReason#IPV6_LINK_CHATTER}); this class
 * looks at no byte. The chatter is still counted (summary, status line, metrics) and captured ({@code --pcap} is not
 * filtered).
 *
 * <p>One instance per worker, like the listener it wraps: it remembers whether that worker's last packet read was
 * kept back, so that what was written in answer to it is kept back too.
 */
final class LinkChatterFilter implements ExchangeListener {

    private final ExchangeListener people;
    private CapturedPacket keptBack;

    /** @param people the listener that sees everything but the chatter */
    LinkChatterFilter(ExchangeListener people) {
        this.people = people;
    }

    /** Whether the stack dropped a packet as the kernel's own link chatter. */
    static boolean isLinkChatter(Verdict verdict) {
        return verdict.isDropped() && verdict.reason() == DropReason.IPV6_LINK_CHATTER;
    }

    @Override
    public void onRead(CapturedPacket packet, Verdict verdict) {
        onRead(packet, verdict, null);
    }

    @Override
    public void onRead(CapturedPacket packet, Verdict verdict, String profileEffect) {
        if (isLinkChatter(verdict)) {
            keptBack = packet;
            return;
        }
        keptBack = null;
        people.onRead(packet, verdict, profileEffect);
    }

    @Override
    public void onWritten(CapturedPacket request, CapturedPacket reply) {
        // Whatever the stack writes about a packet kept back is kept back with it.
        if (request != null && request == keptBack) {
            return;
        }
        people.onWritten(request, reply);
    }
}
