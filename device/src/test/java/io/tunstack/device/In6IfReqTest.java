package io.tunstack.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jnr.ffi.Pointer;
import jnr.ffi.Struct;
import org.junit.jupiter.api.Test;

/** {@code struct in6_ifreq} must match the kernel's layout byte for byte: the kernel copies 24 bytes in. */
class In6IfReqTest {

    /** fd00:172:21:22::23, most significant byte first. */
    private static final byte[] ADDRESS = {
        (byte) 0xfd, 0x00, 0x01, 0x72, 0x00, 0x21, 0x00, 0x22, 0, 0, 0, 0, 0, 0, 0x00, 0x23};

    @Test
    void isTwentyFourBytes() {
        assertEquals(24, In6IfReq.SIZE);
        assertEquals(In6IfReq.SIZE, Struct.size(new In6IfReq()));
        assertEquals(16, Struct.size(new In6IfReq().ifr6_addr), "sizeof(struct in6_addr)");
    }

    @Test
    void fieldOffsetsMatchC() {
        In6IfReq ifr6 = new In6IfReq();
        // jnr reports a member's offset from the start of the outermost struct.
        assertEquals(0, ifr6.ifr6_addr.s6_addr[0].offset(), "ifr6_addr");
        assertEquals(15, ifr6.ifr6_addr.s6_addr[15].offset(), "s6_addr[15]");
        assertEquals(16, ifr6.ifr6_prefixlen.offset(), "ifr6_prefixlen");
        assertEquals(20, ifr6.ifr6_ifindex.offset(), "ifr6_ifindex");
    }

    @Test
    void fieldsLandWhereTheKernelReadsThem() {
        In6IfReq ifr6 = new In6IfReq();
        ifr6.ifr6_addr.set(ADDRESS);
        ifr6.ifr6_prefixlen.set(64);
        ifr6.ifr6_ifindex.set(0x0102);

        byte[] expected = new byte[In6IfReq.SIZE];
        System.arraycopy(ADDRESS, 0, expected, 0, 16); // network byte order, as written in text
        expected[16] = 64; // __u32 prefix length, little-endian
        expected[20] = 0x02; // int ifindex 0x0102, little-endian
        expected[21] = 0x01;
        assertArrayEquals(expected, bytes(ifr6));
        assertArrayEquals(ADDRESS, ifr6.ifr6_addr.get());
    }

    private static byte[] bytes(In6IfReq ifr6) {
        Pointer memory = Struct.getMemory(ifr6);
        byte[] bytes = new byte[In6IfReq.SIZE];
        memory.get(0, bytes, 0, bytes.length);
        return bytes;
    }
}
