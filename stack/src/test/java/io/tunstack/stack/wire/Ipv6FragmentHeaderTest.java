package io.tunstack.stack.wire;

import static io.tunstack.stack.wire.CapturedIpv6Packets.ECHO_REPLY_2000_FIRST_FRAGMENT;
import static io.tunstack.stack.wire.CapturedIpv6Packets.ECHO_REQUEST_2000_FIRST_FRAGMENT;
import static io.tunstack.stack.wire.CapturedIpv6Packets.ECHO_REQUEST_2000_LAST_FRAGMENT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.tunstack.stack.LeakDetection;
import io.tunstack.stack.verdict.DropReason;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Built from the real fragments of {@code ping -6 -s 2000} and the kernel's reply ({@link CapturedIpv6Packets}). */
@ExtendWith(LeakDetection.class)
class Ipv6FragmentHeaderTest {

    private static final int FRAGMENT = Ipv6Packet.HEADER_LENGTH;

    private static Ipv6FragmentHeader fragmentOf(ByteBuf buffer) {
        Ipv6Packet ip = Ipv6Packet.newUnchecked(buffer);
        assertNull(ip.checkLength());
        assertEquals(IpProtocol.IPV6_FRAGMENT, ip.nextHeader());
        return new Ipv6FragmentHeader().wrap(buffer, ip.payloadOffset(), ip.end() - ip.payloadOffset());
    }

    @Test
    void deconstructsTheCapturedFirstFragment() {
        ByteBuf buffer = CapturedIpv6Packets.copy(ECHO_REQUEST_2000_FIRST_FRAGMENT);
        try {
            Ipv6FragmentHeader fragment = fragmentOf(buffer);
            assertNull(fragment.checkLength());
            assertEquals(IpProtocol.ICMPV6, fragment.nextHeader());
            assertEquals(0, fragment.reserved());
            assertEquals(0, fragment.fragmentOffset());
            assertEquals(0, fragment.res());
            assertTrue(fragment.moreFragments());
            assertEquals(0xaa9267f3, fragment.identification());
            assertFalse(fragment.isAtomic());
            assertEquals(FRAGMENT + 8, fragment.dataOffset());
            assertEquals(1448, fragment.dataLength());
            assertEquals("frag (0|1448)", fragment.summary());
            assertEquals(0xaa9267f3L, Ipv6FragmentHeader.IDENTIFICATION_FIELD.value(buffer, FRAGMENT));
            assertEquals(1, Ipv6FragmentHeader.M_FIELD.value(buffer, FRAGMENT));
        } finally {
            assertTrue(buffer.release());
        }
    }

    @Test
    void deconstructsTheCapturedLastFragment() {
        ByteBuf buffer = CapturedIpv6Packets.copy(ECHO_REQUEST_2000_LAST_FRAGMENT);
        try {
            Ipv6FragmentHeader fragment = fragmentOf(buffer);
            assertEquals(181, fragment.fragmentOffset());
            assertEquals(1448, fragment.fragmentOffsetBytes());
            assertEquals(181, Ipv6FragmentHeader.FRAGMENT_OFFSET_FIELD.value(buffer, FRAGMENT));
            assertFalse(fragment.moreFragments());
            assertEquals(0xaa9267f3, fragment.identification(), "the same datagram as the first fragment");
            assertEquals(560, fragment.dataLength());
            assertEquals("frag (1448|560)", fragment.summary());
        } finally {
            assertTrue(buffer.release());
        }
    }

    @Test
    void constructsTheKernelsFirstReplyFragmentHeaderIntoA5Filler() {
        byte[] filler = new byte[16];
        Arrays.fill(filler, (byte) 0xa5);
        ByteBuf buffer = CapturedIpv6Packets.copy(filler);
        try {
            Ipv6FragmentHeader fragment = new Ipv6FragmentHeader().wrap(buffer, 0, filler.length);
            fragment.setNextHeader(IpProtocol.ICMPV6);
            fragment.setReserved(0);
            fragment.setFragmentOffset(0);
            fragment.setRes(0);
            fragment.setMoreFragments(true);
            fragment.setIdentification(0xb610ae5e);
            assertArrayEquals(Arrays.copyOfRange(ECHO_REPLY_2000_FIRST_FRAGMENT, FRAGMENT, FRAGMENT + 8),
                    ByteBufUtil.getBytes(buffer, 0, 8));
            assertEquals((byte) 0xa5, buffer.getByte(8), "no write past the header");
        } finally {
            assertTrue(buffer.release());
        }
    }

    @Test
    void settersKeepTheNeighbouringBits() {
        ByteBuf buffer = CapturedIpv6Packets.copy(ECHO_REQUEST_2000_FIRST_FRAGMENT);
        try {
            Ipv6FragmentHeader fragment = fragmentOf(buffer);
            fragment.setRes(3);
            fragment.setFragmentOffset(0x1fff);
            assertEquals(3, fragment.res());
            assertEquals(0x1fff, fragment.fragmentOffset());
            assertTrue(fragment.moreFragments(), "M kept");
            fragment.setMoreFragments(false);
            assertEquals(3, fragment.res(), "Res kept");
            assertEquals(0x1fff, fragment.fragmentOffset(), "offset kept");
            fragment.setFragmentOffset(0);
            assertTrue(fragment.isAtomic(), "offset 0 and M clear: atomic, whatever Res says (RFC 6946)");
        } finally {
            assertTrue(buffer.release());
        }
    }

    @Test
    void checkLengthNeedsEightBytes() {
        ByteBuf buffer = CapturedIpv6Packets.copy(ECHO_REQUEST_2000_FIRST_FRAGMENT);
        try {
            assertEquals(DropReason.IPV6_EXTENSION_HEADER_TRUNCATED,
                    new Ipv6FragmentHeader().wrap(buffer, FRAGMENT, 7).checkLength());
            assertNull(new Ipv6FragmentHeader().wrap(buffer, FRAGMENT, 8).checkLength());
        } finally {
            assertTrue(buffer.release());
        }
    }
}
