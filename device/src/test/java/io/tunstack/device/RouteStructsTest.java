package io.tunstack.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jnr.ffi.Pointer;
import jnr.ffi.Struct;
import org.junit.jupiter.api.Test;

/**
 * {@code struct rtentry}, {@code struct in6_rtmsg} and {@code struct ifconf} must match the kernel's layout byte for byte: the kernel copies
 * 120 and 80 bytes in, and reads {@code rt_dev} as a pointer.
 */
class RouteStructsTest {

    @Test
    void rtentryIs120BytesWithItsFieldsWhereCPutsThem() {
        RtEntry rt = new RtEntry();
        assertEquals(120, RtEntry.SIZE);
        assertEquals(RtEntry.SIZE, Struct.size(rt));
        // jnr reports a member's offset from the start of the outermost struct.
        assertEquals(8, rt.rt_dst.sin_family.offset(), "rt_dst");
        assertEquals(24, rt.rt_gateway.sin_family.offset(), "rt_gateway");
        assertEquals(40, rt.rt_genmask.sin_family.offset(), "rt_genmask");
        assertEquals(56, rt.rt_flags.offset(), "rt_flags");
        assertEquals(64, rt.rt_pad3.offset(), "rt_pad3, aligned to 8");
        assertEquals(80, rt.rt_metric.offset(), "rt_metric");
        assertEquals(88, rt.rt_dev.offset(), "rt_dev, aligned to 8");
        assertEquals(112, rt.rt_irtt.offset(), "rt_irtt");
    }

    @Test
    void rtentryFieldsLandWhereTheKernelReadsThem() {
        RtEntry rt = new RtEntry();
        rt.rt_dst.setAddress(0x0a090000); // 10.9.0.0
        rt.rt_genmask.setAddress(0xffff0000); // 255.255.0.0
        rt.rt_flags.set(Linux.RTF_UP);

        byte[] expected = new byte[RtEntry.SIZE];
        expected[8] = 2; // AF_INET, little-endian
        expected[12] = 10; // sin_addr, network byte order
        expected[13] = 9;
        expected[40] = 2;
        expected[44] = (byte) 0xff;
        expected[45] = (byte) 0xff;
        expected[56] = 1; // RTF_UP
        assertArrayEquals(expected, bytes(rt, RtEntry.SIZE));
    }

    @Test
    void in6RtmsgIs80BytesWithItsFieldsWhereCPutsThem() {
        In6RtMsg rtmsg = new In6RtMsg();
        assertEquals(80, In6RtMsg.SIZE);
        assertEquals(In6RtMsg.SIZE, Struct.size(rtmsg));
        assertEquals(0, rtmsg.rtmsg_dst.s6_addr[0].offset(), "rtmsg_dst");
        assertEquals(16, rtmsg.rtmsg_src.s6_addr[0].offset(), "rtmsg_src");
        assertEquals(32, rtmsg.rtmsg_gateway.s6_addr[0].offset(), "rtmsg_gateway");
        assertEquals(48, rtmsg.rtmsg_type.offset(), "rtmsg_type");
        assertEquals(52, rtmsg.rtmsg_dst_len.offset(), "rtmsg_dst_len");
        assertEquals(54, rtmsg.rtmsg_src_len.offset(), "rtmsg_src_len");
        assertEquals(56, rtmsg.rtmsg_metric.offset(), "rtmsg_metric");
        assertEquals(64, rtmsg.rtmsg_info.offset(), "rtmsg_info, aligned to 8");
        assertEquals(72, rtmsg.rtmsg_flags.offset(), "rtmsg_flags");
        assertEquals(76, rtmsg.rtmsg_ifindex.offset(), "rtmsg_ifindex");
    }

    @Test
    void in6RtmsgFieldsLandWhereTheKernelReadsThem() {
        byte[] prefix = {(byte) 0xfd, 0x00, 0x00, 0x09, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}; // fd00:9::
        In6RtMsg rtmsg = new In6RtMsg();
        rtmsg.rtmsg_dst.set(prefix);
        rtmsg.rtmsg_dst_len.set(32);
        rtmsg.rtmsg_flags.set(Linux.RTF_UP);
        rtmsg.rtmsg_ifindex.set(0x0102);

        byte[] expected = new byte[In6RtMsg.SIZE];
        System.arraycopy(prefix, 0, expected, 0, 16);
        expected[52] = 32; // __u16 dst_len, little-endian
        expected[72] = 1; // RTF_UP
        expected[76] = 0x02; // ifindex 0x0102, little-endian
        expected[77] = 0x01;
        assertArrayEquals(expected, bytes(rtmsg, In6RtMsg.SIZE));
    }

    @Test
    void ifconfIs16BytesWithItsBufferPointerAlignedTo8() {
        IfConf ifc = new IfConf();
        assertEquals(16, IfConf.SIZE);
        assertEquals(IfConf.SIZE, Struct.size(ifc));
        assertEquals(0, ifc.ifc_len.offset(), "ifc_len");
        assertEquals(8, ifc.ifc_buf.offset(), "ifc_buf");
    }

    private static byte[] bytes(Struct struct, int size) {
        Pointer memory = Struct.getMemory(struct);
        byte[] bytes = new byte[size];
        memory.get(0, bytes, 0, bytes.length);
        return bytes;
    }
}
