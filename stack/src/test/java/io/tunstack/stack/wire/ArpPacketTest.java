package io.tunstack.stack.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.tunstack.stack.LeakDetection;
import io.tunstack.stack.address.Ipv4Address;
import io.tunstack.stack.verdict.DropReason;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link ArpPacket} read from and written to captured ARP frames (the view starts after the Ethernet header). */
@ExtendWith(LeakDetection.class)
class ArpPacketTest {

    private static final int CLIENT = Ipv4Address.parse("172.21.22.23");
    private static final int HOST = Ipv4Address.parse("172.21.22.26");

    @Test
    void deconstructsTheCapturedRequest() {
        ByteBuf buffer = CapturedIpv6Packets.copy(CapturedFrames.ARP_REQUEST);
        try {
            ArpPacket arp = new ArpPacket().wrap(buffer, EthernetFrame.HEADER_LENGTH,
                    buffer.readableBytes() - EthernetFrame.HEADER_LENGTH);
            assertNull(arp.checkLength());
            assertEquals(ArpPacket.HARDWARE_ETHERNET, arp.hardwareType());
            assertEquals(EtherType.IPV4, arp.protocolType());
            assertEquals(6, arp.hardwareLength());
            assertEquals(4, arp.protocolLength());
            assertEquals(ArpPacket.OPERATION_REQUEST, arp.operation());
            assertEquals(CapturedFrames.CLIENT_MAC, arp.senderHardwareAddress());
            assertEquals(CLIENT, arp.senderProtocolAddress());
            assertEquals(0, arp.targetHardwareAddress());
            assertEquals(HOST, arp.targetProtocolAddress());
            assertEquals("ARP, Request who-has 172.21.22.26 tell 172.21.22.23, length 28", arp.summary());
            assertEquals(0, buffer.readerIndex(), "a view never moves the reader index");
        } finally {
            assertTrue(buffer.release());
        }
    }

    @Test
    void deconstructsTheCapturedReply() {
        ByteBuf buffer = CapturedIpv6Packets.copy(CapturedFrames.ARP_REPLY);
        try {
            ArpPacket arp = new ArpPacket().wrap(buffer, EthernetFrame.HEADER_LENGTH, ArpPacket.LENGTH);
            assertEquals(ArpPacket.OPERATION_REPLY, arp.operation());
            assertEquals(CapturedFrames.HOST_MAC, arp.senderHardwareAddress());
            assertEquals(HOST, arp.senderProtocolAddress());
            assertEquals(CapturedFrames.CLIENT_MAC, arp.targetHardwareAddress());
            assertEquals(CLIENT, arp.targetProtocolAddress());
            assertEquals("ARP, Reply 172.21.22.26 is-at 02:54:ac:15:16:1a, length 28", arp.summary());
        } finally {
            assertTrue(buffer.release());
        }
    }

    @Test
    void constructsTheCapturedReplyOverA5() {
        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(ArpPacket.LENGTH);
        try {
            byte[] filled = new byte[ArpPacket.LENGTH];
            Arrays.fill(filled, (byte) 0xa5);
            buffer.writeBytes(filled);
            ArpPacket arp = ArpPacket.newUnchecked(buffer);
            arp.setEthernetIpv4(ArpPacket.OPERATION_REPLY);
            arp.setSenderHardwareAddress(CapturedFrames.HOST_MAC);
            arp.setSenderProtocolAddress(HOST);
            arp.setTargetHardwareAddress(CapturedFrames.CLIENT_MAC);
            arp.setTargetProtocolAddress(CLIENT);
            assertArrayEquals(Arrays.copyOfRange(CapturedFrames.ARP_REPLY, EthernetFrame.HEADER_LENGTH,
                    CapturedFrames.ARP_REPLY.length), ByteBufUtil.getBytes(buffer));
        } finally {
            assertTrue(buffer.release());
        }
    }

    @Test
    void parsesTheCapturedReplyIntoARepr() {
        ByteBuf buffer = CapturedIpv6Packets.copy(CapturedFrames.ARP_REPLY);
        try {
            ArpRepr repr = ArpRepr.parse(new ArpPacket().wrap(buffer, EthernetFrame.HEADER_LENGTH, ArpPacket.LENGTH));
            assertEquals(new ArpRepr(ArpPacket.OPERATION_REPLY, CapturedFrames.HOST_MAC, HOST, CapturedFrames.CLIENT_MAC,
                    CLIENT), repr);
            assertEquals("reply 02:54:ac:15:16:1a 172.21.22.26 -> 5e:2b:80:15:34:6f 172.21.22.23", repr.toString());
        } finally {
            assertTrue(buffer.release());
        }
    }

    @Test
    void emitsTheCapturedRequestFromItsReprOverA5() {
        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(ArpPacket.LENGTH);
        try {
            ArpRepr repr = new ArpRepr(ArpPacket.OPERATION_REQUEST, CapturedFrames.CLIENT_MAC, CLIENT, 0, HOST);
            byte[] filled = new byte[repr.bufferLength()];
            Arrays.fill(filled, (byte) 0xa5);
            buffer.writeBytes(filled);
            repr.emit(ArpPacket.newUnchecked(buffer));
            assertArrayEquals(Arrays.copyOfRange(CapturedFrames.ARP_REQUEST, EthernetFrame.HEADER_LENGTH,
                    CapturedFrames.ARP_REQUEST.length), ByteBufUtil.getBytes(buffer));
        } finally {
            assertTrue(buffer.release());
        }
    }

    @Test
    void aReprRefusesWhatIsNotEthernetIpv4RequestOrReply() {
        byte[] rarp = CapturedFrames.ARP_REQUEST.clone();
        rarp[EthernetFrame.HEADER_LENGTH + 7] = 3;
        byte[] ipv6 = CapturedFrames.ARP_REQUEST.clone();
        ipv6[EthernetFrame.HEADER_LENGTH + 2] = (byte) 0x86;
        for (byte[] bytes : new byte[][] {rarp, ipv6, Arrays.copyOf(CapturedFrames.ARP_REQUEST, 41)}) {
            ByteBuf buffer = CapturedIpv6Packets.copy(bytes);
            try {
                ArpPacket arp = new ArpPacket().wrap(buffer, EthernetFrame.HEADER_LENGTH,
                        bytes.length - EthernetFrame.HEADER_LENGTH);
                assertThrows(IllegalArgumentException.class, () -> ArpRepr.parse(arp));
            } finally {
                assertTrue(buffer.release());
            }
        }
    }

    @Test
    void fewerThan28BytesAreTruncated() {
        ByteBuf buffer = CapturedIpv6Packets.copy(CapturedFrames.ARP_REQUEST);
        try {
            ArpPacket arp = new ArpPacket().wrap(buffer, EthernetFrame.HEADER_LENGTH, ArpPacket.LENGTH - 1);
            assertEquals(DropReason.ARP_TRUNCATED, arp.checkLength());
            assertEquals("ARP malformed (arp-truncated), length 27", arp.summary());
        } finally {
            assertTrue(buffer.release());
        }
    }

    @Test
    void theFieldTableReadsWhatTheAccessorsRead() {
        ByteBuf buffer = CapturedIpv6Packets.copy(CapturedFrames.GRATUITOUS_ARP);
        try {
            int base = EthernetFrame.HEADER_LENGTH;
            ArpPacket arp = new ArpPacket().wrap(buffer, base, ArpPacket.LENGTH);
            assertEquals(arp.hardwareType(), ArpPacket.HARDWARE_TYPE_FIELD.value(buffer, base));
            assertEquals(arp.protocolType(), ArpPacket.PROTOCOL_TYPE_FIELD.value(buffer, base));
            assertEquals(arp.hardwareLength(), ArpPacket.HARDWARE_LENGTH_FIELD.value(buffer, base));
            assertEquals(arp.protocolLength(), ArpPacket.PROTOCOL_LENGTH_FIELD.value(buffer, base));
            assertEquals(arp.operation(), ArpPacket.OPERATION_FIELD.value(buffer, base));
            assertEquals(arp.senderHardwareAddress(), ArpPacket.SENDER_HARDWARE_ADDRESS_FIELD.value(buffer, base));
            assertEquals(Integer.toUnsignedLong(arp.senderProtocolAddress()),
                    ArpPacket.SENDER_PROTOCOL_ADDRESS_FIELD.value(buffer, base));
            assertEquals(arp.targetHardwareAddress(), ArpPacket.TARGET_HARDWARE_ADDRESS_FIELD.value(buffer, base));
            assertEquals(Integer.toUnsignedLong(arp.targetProtocolAddress()),
                    ArpPacket.TARGET_PROTOCOL_ADDRESS_FIELD.value(buffer, base));
            assertEquals(arp.senderProtocolAddress(), arp.targetProtocolAddress(), "gratuitous: sender is target");
        } finally {
            assertTrue(buffer.release());
        }
    }
}
