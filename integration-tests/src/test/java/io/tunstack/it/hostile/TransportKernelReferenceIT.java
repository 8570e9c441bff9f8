package io.tunstack.it.hostile;

import static io.tunstack.it.hostile.TransportBuilder.ACK;
import static io.tunstack.it.hostile.TransportBuilder.FIN;
import static io.tunstack.it.hostile.TransportBuilder.PSH;
import static io.tunstack.it.hostile.TransportBuilder.RST;
import static io.tunstack.it.hostile.TransportBuilder.SYN;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tunstack.it.support.NamespaceFixture;
import io.tunstack.it.support.TunstackProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * UDP and TCP to closed ports, answered by tunstack and by the Linux kernel ({@link KernelReference}), compared field
 * by field where Linux is deterministic: the ICMP type and code and the quoted bytes of a Port Unreachable; the
 * flags, sequence and acknowledgment numbers, window 0 and empty option list of a reset (RFC 9293 3.10.7.1); TTL or
 * hop limit 64; DF set on a reset and clear on an ICMP error; the IPv4 TOS. What Linux chooses freshly each time (IP
 * identification, flow label) and the checksums (verified apart) are left out. Packets Linux drops silently (a reset,
 * a bad checksum) must get nothing from either.
 *
 * <p>The kernel reference runs without ICMP rate limits, and each case here sends one packet to a fresh peer port,
 * well inside tunstack's per-peer burst of 6, so that neither side's limit shows.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TransportKernelReferenceIT {

    private static final Duration LISTEN = Duration.ofMillis(400);
    private static final byte[] PROBE_DATA = HexFormat.of().parseHex(
        "404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f");

    @RegisterExtension
    static final NamespaceFixture fixture = NamespaceFixture.named("transport-reference")
        .requiring(Injector::requireAvailable);

    /** One packet to a closed port, and what both hosts must do with it. */
    record Case(String name, byte[] packet) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases(boolean ipv6) {
        byte[] ack = TransportBuilder.tcp(ipv6, 40003, 80, 1000, 0x12345678L, ACK, 502, new byte[0]);
        return List.of(
            new Case("UDP to closed port 33434 (traceroute's probe)",
                TransportBuilder.udp(ipv6, 40001, 33434, PROBE_DATA)),
            new Case("TCP SYN to closed port 80: RST+ACK, seq 0, ack SEG.SEQ+1",
                TransportBuilder.tcp(ipv6, 40002, 80, 0x5c01fbc9L, 0, SYN, 64240, new byte[0])),
            new Case("TCP ACK to closed port 80: RST, seq SEG.ACK, no ACK", ack),
            new Case("TCP FIN to closed port 22: RST+ACK, ack SEG.SEQ+1",
                TransportBuilder.tcp(ipv6, 40004, 22, 2000, 0, FIN, 502, new byte[0])),
            new Case("TCP without flags, 4 data bytes: RST+ACK, ack SEG.SEQ+4",
                TransportBuilder.tcp(ipv6, 40005, 80, 3000, 0, 0, 502, "abcd".getBytes())),
            new Case("TCP PSH+ACK with data to closed port: RST, seq SEG.ACK",
                TransportBuilder.tcp(ipv6, 40006, 80, 4000, 0xfffffff0L, PSH | ACK, 502, "hello".getBytes())),
            new Case("TCP SYN+ACK to closed port: RST, seq SEG.ACK",
                TransportBuilder.tcp(ipv6, 40007, 80, 5000, 77, SYN | ACK, 502, new byte[0])),
            new Case("TCP RST: never answered",
                TransportBuilder.tcp(ipv6, 40008, 80, 6000, 0, RST, 0, new byte[0])),
            new Case("TCP RST+ACK: never answered",
                TransportBuilder.tcp(ipv6, 40009, 80, 6000, 99, RST | ACK, 0, new byte[0])),
            new Case("UDP with a bad checksum: dropped silently",
                TransportBuilder.withBadChecksum(TransportBuilder.udp(ipv6, 40010, 33435, PROBE_DATA))),
            new Case("TCP SYN with a bad checksum: dropped silently", TransportBuilder.withBadChecksum(
                TransportBuilder.tcp(ipv6, 40011, 80, 7000, 0, SYN, 64240, new byte[0]))));
    }

    @Test
    void ipv4AnswersMatchLinuxFieldByField() throws Exception {
        assertSameAsLinux(false);
    }

    @Test
    void ipv6AnswersMatchLinuxFieldByField() throws Exception {
        assertSameAsLinux(true);
    }

    private static void assertSameAsLinux(boolean ipv6) throws Exception {
        List<Case> cases = cases(ipv6);
        List<KernelReference.Answer> linux = KernelReference.answers(
            cases.stream().map(c -> List.of(c.packet())).toList(), ipv6);
        List<List<ReturnedPacket>> tunstack = new ArrayList<>();
        try (TunstackProcess process = TunstackProcess.startReady(fixture.namespace(), "--quiet")) {
            Injector injector = new Injector(fixture.namespace());
            for (Case c : cases) {
                Injector.Report report = injector.inject(List.of(c.packet()), LISTEN);
                assertEquals(List.of(), report.errors(), c.name());
                tunstack.add(report.returned().stream().filter(packet -> !isLinkChatter(packet)).toList());
            }
            assertEquals(0, process.stop("TERM"), process.output());
        }
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            List<Map<String, String>> expected = linux.get(i).returned().stream()
                .map(TransportKernelReferenceIT::fields).toList();
            List<Map<String, String>> actual = tunstack.get(i).stream()
                .map(TransportKernelReferenceIT::fields).toList();
            if (!expected.equals(actual)) {
                differences.add(cases.get(i).name() + ":\n    Linux    " + expected + "\n    tunstack " + actual);
            }
            String name = cases.get(i).name();
            tunstack.get(i).stream().filter(packet -> !checksumsVerify(packet))
                .forEach(packet -> differences.add(name + ": a checksum does not verify in " + packet));
        }
        assertEquals("", String.join("\n", differences), "tunstack's answers differ from Linux's");
    }

    /** Router solicitations and MLD reports that the namespace's kernel sends on tun0 are not answers. */
    private static boolean isLinkChatter(ReturnedPacket packet) {
        return packet.isIpv6() && packet.sourceText().startsWith("fe80:");
    }

    /**
     * The fields where Linux is deterministic, by name. IPv4: TTL, DF, protocol, addresses; IPv6: hop limit, next
     * header, addresses; then the ICMP error's type, code and quoted bytes, or the TCP header without its checksum.
     */
    static Map<String, String> fields(ReturnedPacket packet) {
        byte[] bytes = packet.bytes();
        Map<String, String> fields = new LinkedHashMap<>();
        int transport;
        int protocol;
        if (packet.isIpv6()) {
            transport = Ipv6Builder.HEADER_LENGTH;
            protocol = u8(bytes, Ipv6Builder.NEXT_HEADER);
            fields.put("hop limit", Integer.toString(packet.hopLimit()));
        } else {
            transport = (bytes[0] & 0x0F) * 4;
            protocol = u8(bytes, 9);
            fields.put("ttl", Integer.toString(u8(bytes, 8)));
            // Linux: an ICMP error's TOS is precedence "internetwork control" (0xc0) over the offending packet's TOS
            // bits (icmp_send); a reset's is the segment's (tcp_v4_send_reset).
            fields.put("tos", "0x" + Integer.toHexString(u8(bytes, 1)));
            fields.put("DF", Boolean.toString((u16(bytes, Ipv4Builder.FLAGS_AND_FRAGMENT_OFFSET)
                & Ipv4Builder.DONT_FRAGMENT) != 0));
        }
        fields.put("protocol", Integer.toString(protocol));
        fields.put("from", packet.sourceText());
        fields.put("to", packet.destinationText());
        if (protocol == TransportBuilder.PROTOCOL_TCP) {
            fields.put("ports", u16(bytes, transport) + ">" + u16(bytes, transport + 2));
            fields.put("seq", Long.toString(u32(bytes, transport + 4)));
            fields.put("ack", Long.toString(u32(bytes, transport + 8)));
            fields.put("data offset", Integer.toString(u8(bytes, transport + 12) >>> 4));
            fields.put("flags", "0x" + Integer.toHexString(u8(bytes, transport + 13)));
            fields.put("window", Integer.toString(u16(bytes, transport + 14)));
            fields.put("urgent", Integer.toString(u16(bytes, transport + 18)));
            fields.put("length", Integer.toString(bytes.length - transport));
        } else if (packet.isIcmpError()) {
            byte[] message = packet.icmpMessage();
            fields.put("type/code", packet.icmpType() + "/" + packet.icmpCode());
            fields.put("unused", HexFormat.of().formatHex(message, 4, 8));
            fields.put("quoted", HexFormat.of().formatHex(message, 8, message.length));
        } else {
            fields.put("bytes", HexFormat.of().formatHex(bytes, transport, bytes.length));
        }
        return fields;
    }

    /** The IPv4 header checksum, and the ICMP or TCP checksum over what it covers. */
    private static boolean checksumsVerify(ReturnedPacket packet) {
        if (!packet.isIpv6() && !packet.headerChecksumVerifies()) {
            return false;
        }
        if (packet.isIcmp() || packet.isIcmpv6()) {
            return packet.icmpChecksumVerifies();
        }
        byte[] bytes = packet.bytes();
        int transport = packet.isIpv6() ? Ipv6Builder.HEADER_LENGTH : (bytes[0] & 0x0F) * 4;
        int length = bytes.length - transport;
        java.nio.ByteBuffer pseudo = java.nio.ByteBuffer.allocate(40 + length);
        if (packet.isIpv6()) {
            pseudo.put(bytes, Ipv6Builder.SOURCE, 32).putInt(length).put(new byte[3])
                .put((byte) TransportBuilder.PROTOCOL_TCP);
        } else {
            pseudo.put(bytes, 12, 8).put((byte) 0).put((byte) TransportBuilder.PROTOCOL_TCP)
                .putShort((short) length);
        }
        pseudo.put(bytes, transport, length);
        return InternetChecksum.verifies(pseudo.array(), 0, pseudo.position());
    }

    private static int u8(byte[] bytes, int offset) {
        return bytes[offset] & 0xFF;
    }

    private static int u16(byte[] bytes, int offset) {
        return (u8(bytes, offset) << 8) | u8(bytes, offset + 1);
    }

    private static long u32(byte[] bytes, int offset) {
        return ((long) u16(bytes, offset) << 16) | u16(bytes, offset + 2);
    }
}
