package io.tunstack.app.observe;

import io.tunstack.stack.verdict.Verdict;
import java.io.PrintStream;
import java.time.Clock;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * {@code --trace}: one line per packet read and per packet written, in tcpdump's shape with the direction as
 * {@code tcpdump -i any} shows it, and for a packet read, the stack's {@link Verdict} as it returned it
 * ({@code [answered: icmpv4-echo-reply]}, {@code [held]}, {@code [dropped: icmp-bad-checksum]}):
 *
 * <pre>
 * 06:12:01.123456 In  IP 172.21.22.23 > 172.21.22.26: ICMP echo request, id 11, seq 1, length 64 [answered: icmpv4-echo-reply]
 * 06:12:01.123501 Out IP 172.21.22.26 > 172.21.22.23: ICMP echo reply, id 11, seq 1, length 64
 * </pre>
 *
 * <p>A packet to a host with a profile names the profile after the verdict, with what it did that the verdict does
 * not say: how long the answer is held, whether it is sent twice ({@code [dropped: host-down] profile dead (down)}
 * needs nothing more):
 *
 * <pre>
 * 06:12:01.123456 In  IP 172.21.22.23 > 172.21.22.30: ICMP echo request, id 11, seq 1, length 64 [answered: icmpv4-echo-reply] profile slow (delay 50ms): held 50.0 ms
 * </pre>
 *
 * <p>A packet the stack sends later, from its timers rather than in answer to the packet just read, is marked
 * {@code [later]}: an answer a host profile delayed ({@code delay}; its request's line said what the profile did), or
 * an ICMP error for a reassembly that timed out:
 *
 * <pre>
 * 06:12:01.173520 Out IP 172.21.22.30 > 172.21.22.23: ICMP echo reply, id 11, seq 1, length 64 [later]
 * </pre>
 *
 * <p>On a TAP device each line begins with the Ethernet header as {@code tcpdump -e} shows it, and ARP and neighbour
 * discovery are named as tcpdump names them:
 *
 * <pre>
 * 06:12:01.123456 In  5e:2b:80:15:34:6f > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42: ARP, Request who-has 172.21.22.26 tell 172.21.22.200, length 28 [answered: arp-reply]
 * 06:12:01.123501 Out 02:54:ac:15:16:1a > 5e:2b:80:15:34:6f, ethertype ARP (0x0806), length 60: ARP, Reply 172.21.22.26 is-at 02:54:ac:15:16:1a, length 28
 * </pre>
 *
 * <p>The kernel's own IPv6 link chatter is left out before it gets here ({@link LinkChatterFilter}), unless
 * {@code --show-link-chatter}.
 *
 * <p>Workers may share one printer: each line is printed whole.
 */
final class TracePrinter implements ExchangeListener {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS");

    private final PrintStream out;
    private final Clock clock;
    private final PacketText text;

    /**
     * @param clock its zone is the one the times are shown in
     * @param text how the packets read: raw IP, or Ethernet frames ({@code tcpdump -e}'s shape, then ARP or IP)
     */
    TracePrinter(PrintStream out, Clock clock, PacketText text) {
        this.out = out;
        this.clock = clock;
        this.text = text;
    }

    @Override
    public void onRead(CapturedPacket packet, Verdict verdict) {
        onRead(packet, verdict, null);
    }

    @Override
    public void onRead(CapturedPacket packet, Verdict verdict, String profileEffect) {
        out.println(time(packet) + " In  " + text.summary(packet.asBuffer()) + " [" + verdict + "]"
                + (profileEffect == null ? "" : " " + profileEffect));
    }

    @Override
    public void onWritten(CapturedPacket request, CapturedPacket reply) {
        out.println(time(reply) + " Out " + text.summary(reply.asBuffer())
                + (request == null ? " [later]" : ""));
    }

    private String time(CapturedPacket packet) {
        return TIME.format(LocalTime.ofInstant(packet.time(), clock.getZone()));
    }
}
