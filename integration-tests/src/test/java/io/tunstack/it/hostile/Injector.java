package io.tunstack.it.hostile;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives tools/inject/tuninject.py inside a namespace: the packets go out of tun0's kernel side, so tunstack reads
 * them, and whatever tunstack writes back during the injection and the listening time after it is returned.
 */
final class Injector {

    /** Default pace: well below what tunstack reads, so that tun0's 500-packet queue never overflows. */
    private static final int PACKETS_PER_SECOND = 5000;
    private static final Pattern SUMMARY =
        Pattern.compile("summary sent=(\\d+) errors=(\\d+) received=(\\d+) tx_dropped=(-?\\d+)");

    private final NetworkNamespace namespace;

    Injector(NetworkNamespace namespace) {
        this.namespace = namespace;
    }

    /** Injects the packets in order, listens for {@code listen} after the last one, and reports. */
    Report inject(List<byte[]> packets, Duration listen) throws IOException, InterruptedException {
        StringBuilder input = new StringBuilder();
        HexFormat hex = HexFormat.of();
        for (byte[] packet : packets) {
            input.append(hex.formatHex(packet)).append('\n');
        }
        double seconds = listen.toMillis() / 1000.0;
        Duration timeout = listen.plusSeconds(60 + packets.size() / PACKETS_PER_SECOND);
        NetworkNamespace.Result result = namespace.execWithInput(timeout, input.toString(),
            "python3", HostilePrerequisites.injector().toString(), "--device", "tun0",
            "--listen", Double.toString(seconds), "--rate", Integer.toString(PACKETS_PER_SECOND));
        result.requireSuccess();
        List<ReturnedPacket> returned = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        Matcher summary = null;
        for (String line : result.output().split("\n")) {
            if (line.startsWith("rx ")) {
                returned.add(ReturnedPacket.ofHex(line.substring(3).trim()));
            } else if (line.startsWith("error ")) {
                errors.add(line);
            } else if (line.startsWith("summary ")) {
                summary = SUMMARY.matcher(line);
                if (!summary.find()) {
                    throw new IOException("unreadable injector summary: " + line);
                }
            }
        }
        if (summary == null) {
            throw new IOException("the injector printed no summary: " + result.output());
        }
        return new Report(Integer.parseInt(summary.group(1)), errors, Integer.parseInt(summary.group(4)), returned);
    }

    /**
     * What one injection did: packets sent, the kernel's refusals, packets tun0's queue dropped before tunstack read
     * them (-1: unknown), and the packets that came back.
     */
    record Report(int sent, List<String> errors, int queueDropped, List<ReturnedPacket> returned) {

        /** The echo replies among the returned packets. */
        List<ReturnedPacket> echoReplies() {
            return returned.stream().filter(ReturnedPacket::isEchoReply).toList();
        }

        /** The returned packets of one ICMP type. */
        List<ReturnedPacket> icmp(int type) {
            return returned.stream().filter(p -> p.isIcmp() && p.icmpType() == type).toList();
        }

        /** Whether every packet reached tunstack's read(): none refused, none dropped by the device queue. */
        boolean allDelivered() {
            return errors.isEmpty() && queueDropped == 0;
        }
    }
}
