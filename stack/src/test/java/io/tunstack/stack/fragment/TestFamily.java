package io.tunstack.stack.fragment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.ipv4.Ipv4FragmentFamily;
import io.tunstack.stack.ipv4.ReassemblerTestPackets;
import io.tunstack.stack.ipv6.Ipv6FragmentFamily;
import io.tunstack.stack.ipv6.Ipv6FragmentTestPackets;
import io.tunstack.stack.wire.Ipv4Packet;

/**
 * The two IP families, as the shared reassembly tests see them: how to craft a datagram and its fragments, how the
 * network layer describes a fragment, and what a reassembled datagram must look like. The same rule cases run once
 * per family.
 */
enum TestFamily {

    IPV4 {
        @Override
        FragmentFamily newFamily() {
            return new Ipv4FragmentFamily();
        }

        @Override
        ReassemblerLimits linuxLimits() {
            return ReassemblerLimits.linuxIpv4();
        }

        @Override
        int fragmentHeadersLength() {
            return Ipv4Packet.MIN_HEADER_LENGTH;
        }

        @Override
        int datagramHeadersLength() {
            return Ipv4Packet.MIN_HEADER_LENGTH;
        }

        @Override
        byte[] datagram(int identification, byte[] data) {
            return ReassemblerTestPackets.datagram(identification, data);
        }

        @Override
        ByteBuf fragment(byte[] datagram, int identification, int offset, int end, boolean more) {
            // The identification is in the datagram's own header.
            return ReassemblerTestPackets.fragment(datagram, offset, end, more);
        }

        @Override
        FragmentDescriptor describe(ByteBuf packet, FragmentDescriptor into) {
            return Ipv4FragmentFamily.describe(Ipv4Packet.newUnchecked(packet), into);
        }

        @Override
        ByteBuf withEcn(ByteBuf packet, int ecn) {
            Ipv4Packet ip = Ipv4Packet.newUnchecked(packet);
            ip.setEcn(ecn);
            ip.fillHeaderChecksum();
            return packet;
        }

        @Override
        int ecn(byte[] datagram) {
            return datagram[1] & 0x3;
        }

        @Override
        void assertWellFormed(ByteBuf datagram) {
            Ipv4Packet ip = Ipv4Packet.newUnchecked(datagram);
            assertNull(ip.checkLength());
            assertEquals(datagram.readableBytes(), ip.totalLength(), "Total Length");
            assertFalse(ip.moreFragments(), "MF clear");
            assertEquals(0, ip.fragmentOffset(), "offset zero");
            assertTrue(ip.verifyHeaderChecksum(), "header checksum recomputed");
        }
    },

    IPV6 {
        @Override
        FragmentFamily newFamily() {
            return new Ipv6FragmentFamily();
        }

        @Override
        ReassemblerLimits linuxLimits() {
            return ReassemblerLimits.linuxIpv6();
        }

        @Override
        int fragmentHeadersLength() {
            return Ipv6FragmentFamily.HEADER_LENGTH + Ipv6FragmentFamily.FRAGMENT_HEADER_LENGTH;
        }

        @Override
        int datagramHeadersLength() {
            return Ipv6FragmentFamily.HEADER_LENGTH;
        }

        @Override
        byte[] datagram(int identification, byte[] data) {
            // An unfragmented IPv6 packet has no identification: only its fragments carry one.
            return Ipv6FragmentTestPackets.datagram(data);
        }

        @Override
        ByteBuf fragment(byte[] datagram, int identification, int offset, int end, boolean more) {
            return Ipv6FragmentTestPackets.fragment(datagram, identification, offset, end, more);
        }

        @Override
        FragmentDescriptor describe(ByteBuf packet, FragmentDescriptor into) {
            return Ipv6FragmentTestPackets.describe(packet, into);
        }

        @Override
        ByteBuf withEcn(ByteBuf packet, int ecn) {
            return Ipv6FragmentTestPackets.withEcn(packet, ecn);
        }

        @Override
        int ecn(byte[] datagram) {
            return Ipv6FragmentTestPackets.ecn(datagram);
        }

        @Override
        void assertWellFormed(ByteBuf datagram) {
            int base = datagram.readerIndex();
            assertEquals(Ipv6FragmentFamily.VERSION, datagram.getUnsignedByte(base) >>> 4, "version");
            assertEquals(datagram.readableBytes() - Ipv6FragmentFamily.HEADER_LENGTH,
                    datagram.getUnsignedShort(base + 4), "Payload Length");
            assertTrue(datagram.getUnsignedByte(base + Ipv6FragmentFamily.NEXT_HEADER_FIELD)
                    != Ipv6FragmentFamily.NEXT_HEADER_FRAGMENT, "no Fragment header");
        }
    };

    /** A new strategy of the family, for one reassembler. */
    abstract FragmentFamily newFamily();

    /** Linux's limits for the family (30 s for IPv4, 60 s for IPv6). */
    abstract ReassemblerLimits linuxLimits();

    /** The bytes before the data in a crafted fragment: IPv4 20, IPv6 40 + the 8-byte Fragment header. */
    abstract int fragmentHeadersLength();

    /** The headers of a crafted datagram, kept when reassembled: 20 or 40. */
    abstract int datagramHeadersLength();

    /** An unfragmented datagram carrying {@code data}, as the reassembled one must be, byte for byte. */
    abstract byte[] datagram(int identification, byte[] data);

    /** A fragment of {@code datagram} carrying its data bytes {@code [offset, end)}, with MF (M) as given. */
    abstract ByteBuf fragment(byte[] datagram, int identification, int offset, int end, boolean more);

    /** Describes a crafted fragment (at the buffer's reader index) as the family's network layer does. */
    abstract FragmentDescriptor describe(ByteBuf packet, FragmentDescriptor into);

    /** Sets the fragment's ECN codepoint (keeping its header valid) and returns it. */
    abstract ByteBuf withEcn(ByteBuf packet, int ecn);

    /** The ECN codepoint of a datagram's bytes. */
    abstract int ecn(byte[] datagram);

    /** Fails unless the reassembled datagram is one that was never fragmented, its length field right. */
    abstract void assertWellFormed(ByteBuf datagram);

    /** A fragment of a crafted datagram with the given id: {@code end - offset} data bytes at {@code offset}. */
    ByteBuf fragment(int identification, int offset, int end, boolean more) {
        byte[] datagram = datagram(identification, ReassemblerTestPackets.data(end, identification));
        return fragment(datagram, identification, offset, end, more);
    }

    /** The most data a crafted datagram can carry: its length field at 65,535. */
    int maxDataLength() {
        return newFamily().maxDataLength(datagramHeadersLength());
    }
}
