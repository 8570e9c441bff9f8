package io.tunstack.it.hostile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A seeded storm of invalid packets, in four families of equal size: random bytes; a valid IPv4 header over a
 * random ICMP message whose checksum fails; valid echo requests with one byte changed; and valid echo requests cut
 * short. Every packet is checked here, independently of tunstack, to break at least one rule that forbids an
 * answer, so that any echo reply to the storm is a bug.
 *
 * <p>Why one changed byte always breaks a checksum: changing a byte by d (0 &lt; |d| &lt; 256) changes the one's
 * complement sum by d or 256·d, and neither is a multiple of 0xFFFF; so whichever checksum covers the byte fails.
 */
final class PacketStorm {

    /** The device MTU: the kernel refuses to send a larger packet out of tun0. */
    private static final int MAX_LENGTH = 1500;

    private PacketStorm() {
    }

    static List<byte[]> generate(long seed, int count) {
        Random random = new Random(seed);
        List<byte[]> storm = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] packet = switch (i % 4) {
                case 0 -> randomBytes(random);
                case 1 -> validHeaderBrokenIcmp(random, i);
                case 2 -> oneByteChanged(random, i);
                default -> cutShort(random, i);
            };
            if (!isInvalid(packet)) {
                throw new IllegalStateException("storm packet " + i + " of seed " + seed + " is valid");
            }
            storm.add(packet);
        }
        return storm;
    }

    private static byte[] randomBytes(Random random) {
        byte[] packet;
        do {
            packet = new byte[1 + random.nextInt(MAX_LENGTH)];
            random.nextBytes(packet);
        } while (!isInvalid(packet));
        return packet;
    }

    private static byte[] validHeaderBrokenIcmp(Random random, int index) {
        byte[] icmp = new byte[IcmpBuilder.HEADER_LENGTH + random.nextInt(MAX_LENGTH - 28)];
        random.nextBytes(icmp);
        if (InternetChecksum.verifies(icmp, 0, icmp.length)) {
            icmp[2] ^= 1;
        }
        return new Ipv4Builder().identification(index).payload(icmp).build();
    }

    private static byte[] validRequest(Random random, int index) {
        byte[] data = new byte[random.nextInt(MAX_LENGTH - 28)];
        random.nextBytes(data);
        return Ipv4Builder.echoRequest(random.nextInt(0x10000), random.nextInt(0x10000))
            .identification(index).payload(IcmpBuilder.echoRequest(random.nextInt(0x10000), index & 0xFFFF)
                .data(data).build())
            .build();
    }

    private static byte[] oneByteChanged(Random random, int index) {
        byte[] packet = validRequest(random, index);
        int at = random.nextInt(packet.length);
        packet[at] ^= (byte) (1 + random.nextInt(255));
        return packet;
    }

    private static byte[] cutShort(Random random, int index) {
        byte[] packet = validRequest(random, index);
        return Arrays.copyOf(packet, 1 + random.nextInt(packet.length - 1));
    }

    /**
     * Whether the packet breaks a rule that forbids an echo reply: not version 4, IHL below 5, header or total
     * length beyond the bytes, a bad header checksum, or (for an unfragmented ICMP datagram) a bad ICMP checksum.
     * A valid packet of another protocol or a fragment would not be answered with an echo reply either, but the
     * storm avoids them: this answers only "valid or not".
     */
    static boolean isInvalid(byte[] p) {
        if (p.length < Ipv4Builder.MINIMUM_HEADER_LENGTH || (p[0] & 0xF0) != 0x40) {
            return true;
        }
        int headerLength = (p[0] & 0x0F) * 4;
        int totalLength = (p[2] & 0xFF) << 8 | (p[3] & 0xFF);
        if (headerLength < Ipv4Builder.MINIMUM_HEADER_LENGTH || headerLength > p.length
            || totalLength < headerLength || totalLength > p.length) {
            return true;
        }
        if (!InternetChecksum.verifies(p, 0, headerLength)) {
            return true;
        }
        boolean fragment = (((p[6] & 0xFF) << 8 | (p[7] & 0xFF)) & 0x3FFF) != 0;
        if ((p[9] & 0xFF) != Ipv4Builder.PROTOCOL_ICMP || fragment) {
            return false;
        }
        return !InternetChecksum.verifies(p, headerLength, totalLength - headerLength);
    }
}
