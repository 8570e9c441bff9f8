package io.tunstack.it.hostile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

/**
 * A seeded storm of invalid packets, IPv4 ({@link #generate}) or IPv6 ({@link #generateIpv6}), in four kinds of equal
 * size: random bytes; a valid IP header over a random ICMP message whose checksum fails; valid echo requests with one
 * byte changed; and valid echo requests cut short. Every packet is checked here, independently of tunstack, to break
 * at least one rule that forbids an answer, so that any echo reply to the storm is a bug.
 *
 * <p>Why one changed byte always breaks a checksum: changing a byte by d (0 &lt; |d| &lt; 256) changes the one's
 * complement sum by d or 256·d, and neither is a multiple of 0xFFFF; so whichever checksum covers the byte fails.
 * IPv6 has no header checksum: there only bytes the ICMPv6 checksum covers are changed (the Payload Length and the
 * addresses, through the pseudo-header, and the message), never the version, traffic class, flow label, next header
 * or hop limit, whose change would leave a valid packet or one of another protocol.
 */
final class PacketStorm {

    /** The device MTU: the kernel refuses to send a larger packet out of tun0. */
    private static final int MAX_LENGTH = 1500;

    private PacketStorm() {
    }

    /** One kind of storm packet: the {@code index}-th packet of the storm, drawn from {@code random}. */
    private interface Kind {
        byte[] make(Random random, int index);
    }

    static List<byte[]> generate(long seed, int count) {
        return generate(seed, count, PacketStorm::isInvalid, List.of(
            (random, i) -> randomBytes(random, PacketStorm::isInvalid, 0),
            PacketStorm::validHeaderBrokenIcmp, PacketStorm::oneByteChanged, PacketStorm::cutShort));
    }

    static List<byte[]> generateIpv6(long seed, int count) {
        return generate(seed, count, PacketStorm::isInvalidIpv6, List.of(
            (random, i) -> randomBytes(random, PacketStorm::isInvalidIpv6, 0x60),
            PacketStorm::validIpv6HeaderBrokenIcmpv6, PacketStorm::oneCoveredByteChangedIpv6,
            PacketStorm::cutShortIpv6));
    }

    private static List<byte[]> generate(long seed, int count, Predicate<byte[]> isInvalid, List<Kind> kinds) {
        Random random = new Random(seed);
        List<byte[]> storm = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] packet = kinds.get(i % kinds.size()).make(random, i);
            if (!isInvalid.test(packet)) {
                throw new IllegalStateException("storm packet " + i + " of seed " + seed + " is valid");
            }
            storm.add(packet);
        }
        return storm;
    }

    /** Random bytes; with {@code version} non-zero, the first nibble is that version, so the packet gets parsed. */
    private static byte[] randomBytes(Random random, Predicate<byte[]> isInvalid, int version) {
        byte[] packet;
        do {
            packet = new byte[1 + random.nextInt(MAX_LENGTH)];
            random.nextBytes(packet);
            if (version != 0) {
                packet[0] = (byte) (version | packet[0] & 0x0F);
            }
        } while (!isInvalid.test(packet));
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

    private static byte[] validIpv6HeaderBrokenIcmpv6(Random random, int index) {
        byte[] icmp = new byte[Icmpv6Builder.HEADER_LENGTH + random.nextInt(MAX_LENGTH - 48)];
        random.nextBytes(icmp);
        byte[] packet = new Ipv6Builder().upperLayer(Ipv6Builder.NEXT_HEADER_ICMPV6, icmp).build();
        if (!isInvalidIpv6(packet)) {
            packet[Ipv6Builder.HEADER_LENGTH + 2] ^= 1;
        }
        return packet;
    }

    private static byte[] validIpv6Request(Random random, int index) {
        byte[] data = new byte[random.nextInt(MAX_LENGTH - 48)];
        random.nextBytes(data);
        return new Ipv6Builder().icmp(Icmpv6Builder.echoRequest(random.nextInt(0x10000), index & 0xFFFF).data(data))
            .build();
    }

    /**
     * One byte changed among those the ICMPv6 checksum covers: Payload Length, the addresses, the message. A smaller
     * Payload Length leaves fewer bytes under the checksum, which may then verify by chance: drawn again then.
     */
    private static byte[] oneCoveredByteChangedIpv6(Random random, int index) {
        byte[] packet;
        do {
            packet = validIpv6Request(random, index);
            int covered = 2 + packet.length - Ipv6Builder.SOURCE;
            int pick = random.nextInt(covered);
            int at = pick < 2 ? Ipv6Builder.PAYLOAD_LENGTH + pick : Ipv6Builder.SOURCE + pick - 2;
            packet[at] ^= (byte) (1 + random.nextInt(255));
        } while (!isInvalidIpv6(packet));
        return packet;
    }

    private static byte[] cutShortIpv6(Random random, int index) {
        byte[] packet = validIpv6Request(random, index);
        return Arrays.copyOf(packet, 1 + random.nextInt(packet.length - 1));
    }

    /**
     * Whether the IPv6 packet breaks a rule that forbids an echo reply: shorter than the fixed header, not version 6,
     * Payload Length beyond the bytes, or (for ICMPv6 right after the fixed header) an ICMPv6 checksum that fails
     * over the bytes the Payload Length covers. A packet with another next header would not get an echo reply either,
     * but might get a Parameter Problem: the storm avoids them, as it avoids valid packets.
     */
    static boolean isInvalidIpv6(byte[] p) {
        if (p.length < Ipv6Builder.HEADER_LENGTH || (p[0] & 0xF0) != 0x60) {
            return true;
        }
        int payloadLength = (p[Ipv6Builder.PAYLOAD_LENGTH] & 0xFF) << 8 | (p[Ipv6Builder.PAYLOAD_LENGTH + 1] & 0xFF);
        if (payloadLength > p.length - Ipv6Builder.HEADER_LENGTH) {
            return true;
        }
        if ((p[Ipv6Builder.NEXT_HEADER] & 0xFF) != Ipv6Builder.NEXT_HEADER_ICMPV6) {
            return false;
        }
        return !Icmpv6Builder.verifies(Arrays.copyOfRange(p, Ipv6Builder.SOURCE, Ipv6Builder.SOURCE + 16),
            Arrays.copyOfRange(p, Ipv6Builder.DESTINATION, Ipv6Builder.DESTINATION + 16), p, Ipv6Builder.HEADER_LENGTH,
            payloadLength);
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
