package io.tunstack.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tunstack.stack.address.InterfaceAddress;
import io.tunstack.stack.config.OpenPorts;
import io.tunstack.stack.config.StackConfig;
import io.tunstack.stack.verdict.Answer;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.verdict.StackCounters;
import io.tunstack.stack.verdict.Verdict;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * UDP and TCP checksums over their pseudo-headers, both families, judged by a recomputation written here from RFC 768,
 * RFC 9293 3.1 and RFC 8200 8.1 (a byte array holding the pseudo-header and the message, summed in a plain loop, no
 * code shared with the stack): the stack takes exactly the datagrams and segments whose checksum is right, and every
 * reset it builds has a right one.
 */
class TransportChecksumPropertiesTest {

    private static final byte[] OWN_V4 = {(byte) 172, 21, 22, 23};
    private static final byte[] OWN_V6 = CapturedPackets.hex("fd000172002100220000000000000023");

    /**
     * A message from the kernel's address to a random host of the subnet (not the kernel's own: .23, ::23); about half
     * of them get one bit changed after the checksum ({@code corruptAt >= 0}).
     */
    record Message(boolean ipv6, int protocol, int host, int sourcePort, int destinationPort, byte[] data,
            int corruptAt) {
    }

    @Provide
    Arbitrary<Message> messages() {
        return Combinators.combine(Arbitraries.of(false, true), Arbitraries.of(6, 17), Arbitraries.integers().between(
                        1, 254).filter(h -> h != 23 && h != 0x23), Arbitraries.integers().between(1, 65535),
                Arbitraries.integers().between(1, 65535), Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
                Arbitraries.integers().between(-400, 400)).as(Message::new);
    }

    @Property(tries = 2000)
    void takesExactlyWhatARecomputationCallsValidAndResetsWithValidChecksums(@ForAll("messages") Message message) {
        byte[] packet = build(message);
        boolean corrupted = message.corruptAt() >= 0;
        if (corrupted) {
            int header = message.ipv6() ? 40 : 20;
            int index = header + message.corruptAt() % (packet.length - header);
            packet[index] ^= 0x20;
        }
        boolean valid = transportChecksumValid(packet, message.ipv6());
        net.jqwik.api.statistics.Statistics.label("checksum right").collect(valid);
        StackCounters counters = new StackCounters();
        RecordingTransmitter tx = new RecordingTransmitter();
        NetworkStack stack = new NetworkStack(StackConfig.builder()
                .address(InterfaceAddress.parse("172.21.22.23/24"))
                .address(InterfaceAddress.parse("fd00:172:21:22::23/64"))
                .openPorts(OpenPorts.none()).icmpPeerIntervalMillis(0).build(), counters, TestEnvironment.fixed(7));
        ByteBuf buffer = Unpooled.buffer(2048).writeBytes(packet);
        Verdict verdict;
        try {
            verdict = stack.receive(buffer, tx);
        } finally {
            buffer.release();
            stack.close();
        }
        boolean checksumDrop = verdict.equals(Verdict.dropped(DropReason.UDP_BAD_CHECKSUM))
                || verdict.equals(Verdict.dropped(DropReason.TCP_BAD_CHECKSUM));
        boolean ipv6ZeroChecksum = verdict.equals(Verdict.dropped(DropReason.UDP_ZERO_CHECKSUM_IPV6));
        if (!ipv6ZeroChecksum && !isLengthDrop(verdict)) {
            assertEquals(!valid, checksumDrop, "verdict " + verdict + " for a message whose checksum is "
                    + (valid ? "right" : "wrong"));
        }
        for (byte[] sent : tx.packets()) {
            if (verdict.isAnswered()) {
                assertEquals(Answer.TCP_RST, verdict.answer());
                assertTrue(transportChecksumValid(sent, message.ipv6()), "the reset's checksum");
            }
        }
    }

    private static boolean isLengthDrop(Verdict verdict) {
        return !verdict.isAnswered() && verdict.reason() != null && (verdict.reason().name().contains("LENGTH")
                || verdict.reason().name().contains("TRUNCATED") || verdict.reason().name().contains("OFFSET"));
    }

    /** The packet with a right checksum (a UDP checksum that comes out 0 is sent as 0xFFFF, RFC 768). */
    private static byte[] build(Message m) {
        int transportHeader = m.protocol() == 6 ? 20 : 8;
        int transportLength = transportHeader + m.data().length;
        int ipHeader = m.ipv6() ? 40 : 20;
        byte[] p = new byte[ipHeader + transportLength];
        if (m.ipv6()) {
            p[0] = 0x60;
            p[4] = (byte) (transportLength >>> 8);
            p[5] = (byte) transportLength;
            p[6] = (byte) m.protocol();
            p[7] = 64;
            System.arraycopy(OWN_V6, 0, p, 8, 16);
            System.arraycopy(OWN_V6, 0, p, 24, 16);
            p[39] = (byte) m.host();
        } else {
            p[0] = 0x45;
            p[2] = (byte) (p.length >>> 8);
            p[3] = (byte) p.length;
            p[8] = 64;
            p[9] = (byte) m.protocol();
            System.arraycopy(OWN_V4, 0, p, 12, 4);
            System.arraycopy(OWN_V4, 0, p, 16, 4);
            p[19] = (byte) m.host();
            int sum = ~onesComplementSum(List.of(slice(p, 0, 20))) & 0xFFFF;
            p[10] = (byte) (sum >>> 8);
            p[11] = (byte) sum;
        }
        int t = ipHeader;
        p[t] = (byte) (m.sourcePort() >>> 8);
        p[t + 1] = (byte) m.sourcePort();
        p[t + 2] = (byte) (m.destinationPort() >>> 8);
        p[t + 3] = (byte) m.destinationPort();
        int checksumAt;
        if (m.protocol() == 6) {
            p[t + 4] = 0x12;
            p[t + 13] = 0x02; // SYN
            p[t + 12] = 0x50;
            p[t + 15] = (byte) 0xFF;
            checksumAt = t + 16;
        } else {
            p[t + 4] = (byte) (transportLength >>> 8);
            p[t + 5] = (byte) transportLength;
            checksumAt = t + 6;
        }
        System.arraycopy(m.data(), 0, p, t + transportHeader, m.data().length);
        int checksum = ~onesComplementSum(List.of(pseudoHeader(p, m.ipv6()), slice(p, t, transportLength))) & 0xFFFF;
        if (checksum == 0 && m.protocol() == 17) {
            checksum = 0xFFFF;
        }
        p[checksumAt] = (byte) (checksum >>> 8);
        p[checksumAt + 1] = (byte) checksum;
        return p;
    }

    /** The recomputation: the pseudo-header and the message sum to 0xFFFF (a UDP checksum 0 over IPv4 is "none"). */
    private static boolean transportChecksumValid(byte[] p, boolean ipv6) {
        int ipHeader = ipv6 ? 40 : (p[0] & 0x0F) * 4;
        int protocol = ipv6 ? p[6] & 0xFF : p[9] & 0xFF;
        int length = ipv6 ? ((p[4] & 0xFF) << 8 | p[5] & 0xFF) : ((p[2] & 0xFF) << 8 | p[3] & 0xFF) - ipHeader;
        if (protocol == 17) {
            length = (p[ipHeader + 4] & 0xFF) << 8 | p[ipHeader + 5] & 0xFF;
            if (!ipv6 && p[ipHeader + 6] == 0 && p[ipHeader + 7] == 0) {
                return true;
            }
        }
        return onesComplementSum(List.of(pseudoHeader(p, ipv6, length), slice(p, ipHeader, length))) == 0xFFFF;
    }

    private static byte[] pseudoHeader(byte[] p, boolean ipv6) {
        int ipHeader = ipv6 ? 40 : 20;
        return pseudoHeader(p, ipv6, p.length - ipHeader);
    }

    /** RFC 768 / RFC 9293 3.1 (12 bytes) or RFC 8200 8.1 (40 bytes). */
    private static byte[] pseudoHeader(byte[] p, boolean ipv6, int length) {
        if (ipv6) {
            byte[] h = new byte[40];
            System.arraycopy(p, 8, h, 0, 32);
            h[34] = (byte) (length >>> 8);
            h[35] = (byte) length;
            h[39] = p[6];
            return h;
        }
        byte[] h = new byte[12];
        System.arraycopy(p, 12, h, 0, 8);
        h[9] = p[9];
        h[10] = (byte) (length >>> 8);
        h[11] = (byte) length;
        return h;
    }

    private static byte[] slice(byte[] bytes, int from, int length) {
        return java.util.Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + length));
    }

    /** The 16-bit one's complement sum of the parts laid end to end (each part even-length but the last). */
    private static int onesComplementSum(List<byte[]> parts) {
        long sum = 0;
        for (byte[] part : parts) {
            for (int i = 0; i < part.length; i += 2) {
                int high = part[i] & 0xFF;
                int low = i + 1 < part.length ? part[i + 1] & 0xFF : 0;
                sum += high << 8 | low;
            }
        }
        while (sum >>> 16 != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) sum;
    }
}
