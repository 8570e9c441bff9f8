package io.tunstack.stack.address;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.tunstack.stack.LeakDetection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(LeakDetection.class)
class MacAddressTest {

    @Test
    void parsesAndFormatsTheColonForm() {
        MacAddress mac = MacAddress.parse("02:54:AC:15:16:1a");
        assertEquals(0x0254ac15161aL, mac.bits());
        assertEquals("02:54:ac:15:16:1a", mac.toString());
        assertEquals(mac, MacAddress.parse("2-54-ac-15-16-1a"));
        assertEquals(mac, MacAddress.of(0x0254ac15161aL));
        assertEquals(mac.hashCode(), MacAddress.of(0x0254ac15161aL).hashCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "02:54:ac:15:16", "02:54:ac:15:16:1a:00", "02:54:ac:15:16:1g", "02:54:ac:15::1a",
        "002:54:ac:15:16:1a", "02.54.ac.15.16.1a"})
    void refusesWhatIsNotSixHexBytes(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MacAddress.parse(text));
        assertTrue(e.getMessage().contains("expected: six hex bytes"), e.getMessage());
    }

    @Test
    void refusesMoreThan48Bits() {
        assertThrows(IllegalArgumentException.class, () -> MacAddress.of(1L << 48));
        assertThrows(IllegalArgumentException.class, () -> MacAddress.of(-1));
    }

    @Test
    void theFlagBitsOfTheFirstByte() {
        MacAddress derived = MacAddress.parse("02:54:ac:15:16:1a");
        assertTrue(derived.isLocallyAdministered());
        assertFalse(derived.isMulticast());
        assertFalse(derived.isBroadcast());
        MacAddress vendor = MacAddress.parse("00:1b:21:3a:4f:10");
        assertFalse(vendor.isLocallyAdministered());
        assertFalse(vendor.isMulticast());
        assertTrue(MacAddress.parse("01:00:5e:00:00:01").isMulticast());
        assertTrue(MacAddress.BROADCAST.isBroadcast());
        assertTrue(MacAddress.BROADCAST.isMulticast());
        assertEquals("ff:ff:ff:ff:ff:ff", MacAddress.BROADCAST.toString());
    }

    @Test
    void ipv4MulticastMapsTheLow23Bits() {
        // RFC 1112 6.4: 224.0.0.251 (mDNS) and 239.128.0.251 share 01:00:5e:00:00:fb, the high bit of the second
        // byte is not mapped.
        assertEquals("01:00:5e:00:00:fb", MacAddress.ipv4Multicast(Ipv4Address.parse("224.0.0.251")).toString());
        assertEquals("01:00:5e:00:00:fb", MacAddress.ipv4Multicast(Ipv4Address.parse("239.128.0.251")).toString());
    }

    @Test
    void ipv6MulticastMapsTheLast4Bytes() {
        // RFC 2464 7: ff02::1:ff00:26, the solicited-node group of ::26, is 33:33:ff:00:00:26 (as captured).
        long[] group = Ipv6Address.parse("ff02::1:ff00:26");
        assertEquals("33:33:ff:00:00:26", MacAddress.ipv6Multicast(group[1]).toString());
        assertEquals("33:33:00:00:00:01", MacAddress.ipv6Multicast(Ipv6Address.parse("ff02::1")[1]).toString());
    }

    @Test
    void readsAndWritesWithoutMovingIndices() {
        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(16).writeZero(10);
        try {
            MacAddress.parse("5e:2b:80:15:34:6f").write(buffer, 2);
            assertEquals(0, buffer.readerIndex());
            assertEquals(10, buffer.writerIndex());
            assertEquals(0x5e2b8015346fL, MacAddress.read(buffer, 2).bits());
            assertEquals(0, buffer.getUnsignedByte(1));
            assertEquals(0, buffer.getUnsignedByte(8));
        } finally {
            assertTrue(buffer.release());
        }
    }
}
