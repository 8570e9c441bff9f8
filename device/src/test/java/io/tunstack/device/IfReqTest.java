package io.tunstack.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jnr.ffi.Pointer;
import jnr.ffi.Struct;
import org.junit.jupiter.api.Test;

/** {@code struct ifreq} must match the kernel's layout byte for byte: the kernel copies all 40 bytes back. */
class IfReqTest {

    @Test
    void isFortyBytes() {
        assertEquals(40, IfReq.SIZE);
        assertEquals(IfReq.SIZE, Struct.size(new IfReq()));
    }

    @Test
    void fieldOffsetsMatchC() {
        IfReq ifr = new IfReq();
        assertEquals(0, ifr.ifr_name.offset(), "ifr_name");
        assertEquals(24, Struct.size(ifr.ifr_ifru), "sizeof(ifr_ifru)");
        assertEquals(16, Struct.size(ifr.ifr_ifru.ifru_addr), "sizeof(struct sockaddr_in)");
        // jnr reports a member's offset from the start of the outermost struct.
        assertEquals(16, ifr.ifr_ifru.ifru_flags.offset(), "ifru_flags: the union starts after ifr_name[16]");
        assertEquals(16, ifr.ifr_ifru.ifru_mtu.offset(), "ifru_mtu");
        assertEquals(16, ifr.ifr_ifru.ifru_ivalue.offset(), "ifru_ivalue");
        assertEquals(16, ifr.ifr_ifru.ifru_addr.sin_family.offset(), "sin_family");
        assertEquals(18, ifr.ifr_ifru.ifru_addr.sin_port.offset(), "sin_port");
        assertEquals(20, ifr.ifr_ifru.ifru_addr.sin_addr.offset(), "sin_addr");
    }

    @Test
    void nameAndFlagsLandWhereTheKernelReadsThem() {
        IfReq ifr = IfReq.named("tun0");
        ifr.ifr_ifru.ifru_flags.set((short) (Linux.IFF_TUN | Linux.IFF_NO_PI));

        byte[] expected = new byte[IfReq.SIZE];
        expected[0] = 't';
        expected[1] = 'u';
        expected[2] = 'n';
        expected[3] = '0';
        expected[16] = 0x01; // IFF_TUN | IFF_NO_PI = 0x1001, little-endian short
        expected[17] = 0x10;
        assertArrayEquals(expected, bytes(ifr));
    }

    @Test
    void mtuIsAnIntAtTheStartOfTheUnion() {
        IfReq ifr = IfReq.named("tun0");
        ifr.ifr_ifru.ifru_mtu.set(1500); // 0x05dc

        byte[] bytes = bytes(ifr);
        assertEquals((byte) 0xdc, bytes[16]);
        assertEquals((byte) 0x05, bytes[17]);
        assertEquals(0, bytes[18]);
        assertEquals(0, bytes[19]);
    }

    @Test
    void sockaddrInHoldsFamilyAndAddressInNetworkOrder() {
        IfReq ifr = IfReq.named("tun0");
        ifr.ifr_ifru.ifru_addr.setAddress(0xac151617); // 172.21.22.23

        byte[] bytes = bytes(ifr);
        assertEquals(2, bytes[16], "sin_family AF_INET, low byte");
        assertEquals(0, bytes[17], "sin_family AF_INET, high byte");
        assertEquals(0, bytes[18], "sin_port");
        assertEquals(0, bytes[19], "sin_port");
        assertArrayEquals(new byte[] {(byte) 172, 21, 22, 23}, java.util.Arrays.copyOfRange(bytes, 20, 24));
        assertEquals(0xac151617, ifr.ifr_ifru.ifru_addr.address());
    }

    @Test
    void fifteenByteNameFillsAllButTheTerminatingNul() {
        IfReq ifr = IfReq.named("abcdefghijklmno");

        byte[] bytes = bytes(ifr);
        assertEquals('o', bytes[14]);
        assertEquals(0, bytes[15]);
        assertEquals("abcdefghijklmno", ifr.ifr_name.get());
    }

    private static byte[] bytes(IfReq ifr) {
        Pointer memory = Struct.getMemory(ifr);
        byte[] bytes = new byte[IfReq.SIZE];
        memory.get(0, bytes, 0, bytes.length);
        return bytes;
    }
}
