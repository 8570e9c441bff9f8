package io.tunstack.stack.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class HeaderFieldTest {

    /** The first word of the captured request: version 6, traffic class 0x00, flow label 0xff6de. */
    private static final byte[] FIRST_WORD = {0x60, 0x0f, (byte) 0xf6, (byte) 0xde, 0x00, 0x40};

    @Test
    void readsFieldsThatAreNotWholeBytes() {
        ByteBuf buffer = Unpooled.wrappedBuffer(FIRST_WORD);
        assertEquals(6, HeaderField.bits("Version", 0, 0, 4).value(buffer, 0));
        assertEquals(0x00, HeaderField.bits("Traffic Class", 0, 4, 8).value(buffer, 0));
        assertEquals(0xff6de, HeaderField.bits("Flow Label", 1, 4, 20).value(buffer, 0));
        assertEquals(1, HeaderField.bits("bit 7", 1, 7, 1).value(buffer, 0));
        assertEquals(0x0040, HeaderField.bytes("Payload Length", 4, 2).value(buffer, 0));
        assertEquals(0x40, HeaderField.bytes("Payload Length", 2, 2).value(buffer, 2), "relative to the base");
    }

    @Test
    void byteGeometry() {
        HeaderField flowLabel = HeaderField.bits("Flow Label", 0, 12, 20);
        assertEquals(1, flowLabel.byteOffset());
        assertEquals(3, flowLabel.byteLength());
        assertEquals(4, flowLabel.byteEnd());
        assertFalse(flowLabel.isByteAligned());
        assertTrue(HeaderField.bytes("Source Address", 8, 16).isByteAligned());
        assertEquals(128, HeaderField.bytes("Source Address", 8, 16).bitWidth());
    }

    @Test
    void wideFieldsCompareByBytesAndHaveNoValue() {
        byte[] a = new byte[16];
        byte[] b = new byte[16];
        b[15] = 1;
        HeaderField address = HeaderField.bytes("Address", 0, 16);
        assertTrue(address.sameValue(Unpooled.wrappedBuffer(a), 0, Unpooled.wrappedBuffer(a.clone()), 0));
        assertFalse(address.sameValue(Unpooled.wrappedBuffer(a), 0, Unpooled.wrappedBuffer(b), 0));
        assertThrows(IllegalStateException.class, () -> address.value(Unpooled.wrappedBuffer(a), 0));
    }

    @Test
    void rejectsImpossibleWidths() {
        assertThrows(IllegalArgumentException.class, () -> new HeaderField("none", 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new HeaderField("negative", -1, 8));
        assertThrows(IllegalArgumentException.class, () -> new HeaderField("too wide", 0, 129));
    }
}
