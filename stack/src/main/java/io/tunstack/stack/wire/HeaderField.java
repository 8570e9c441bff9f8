package io.tunstack.stack.wire;

import io.netty.buffer.ByteBuf;

/**
 * One fixed field of a protocol header, as its RFC draws it: the field's name, where it starts and how wide it is,
 * both in bits counted from the first bit of the header. Bits are numbered as in the RFC diagrams: bit 0 is the most
 * significant bit of the first byte (network order).
 *
 * <p>Each view publishes its fixed fields as a list in header order ({@code FIELDS}), built from the view's private
 * offsets, so that tools for people ({@code trace}) can walk a header without knowing a single offset.
 *
 * @param name the field's name as the RFC spells it, e.g. {@code "Total Length"}
 * @param bitOffset the first bit of the field, from the first bit of the header
 * @param bitWidth the width in bits, 1..128
 */
public record HeaderField(String name, int bitOffset, int bitWidth) {

    /** The widest field {@link #value} can read: a {@code long}. Wider fields (IPv6 addresses) are read as bytes. */
    public static final int MAX_VALUE_BITS = Long.SIZE;

    /** Checks the bounds: a field starts at or after bit 0 and is 1..128 bits wide. */
    public HeaderField {
        if (bitOffset < 0 || bitWidth < 1 || bitWidth > 128) {
            throw new IllegalArgumentException(
                    "field " + name + ": bit offset " + bitOffset + ", width " + bitWidth + " (expected: 0+, 1..128)");
        }
    }

    /** A field of whole bytes: {@code byteLength} bytes from {@code byteOffset}. */
    public static HeaderField bytes(String name, int byteOffset, int byteLength) {
        return new HeaderField(name, byteOffset * Byte.SIZE, byteLength * Byte.SIZE);
    }

    /**
     * A field of {@code bitWidth} bits that starts at bit {@code firstBit} (0 = most significant) of the byte at
     * {@code byteOffset}; it may run on into the following bytes.
     */
    public static HeaderField bits(String name, int byteOffset, int firstBit, int bitWidth) {
        return new HeaderField(name, byteOffset * Byte.SIZE + firstBit, bitWidth);
    }

    /** The offset of the byte that holds the field's first bit. */
    public int byteOffset() {
        return bitOffset / Byte.SIZE;
    }

    /** How many bytes the field touches, from {@link #byteOffset()}. */
    public int byteLength() {
        return (bitOffset + bitWidth + Byte.SIZE - 1) / Byte.SIZE - byteOffset();
    }

    /** The offset just after the last byte the field touches. */
    public int byteEnd() {
        return byteOffset() + byteLength();
    }

    /** Whether the field is whole bytes (starts and ends on a byte boundary). */
    public boolean isByteAligned() {
        return bitOffset % Byte.SIZE == 0 && bitWidth % Byte.SIZE == 0;
    }

    /**
     * The field's value, unsigned, in the header that starts at absolute index {@code base}. Reads only the bytes the
     * field touches and never moves the buffer's indices.
     *
     * @throws IllegalStateException for a field wider than 64 bits or touching more than 8 bytes (read those with
     *     {@link #sameValue} or byte by byte)
     */
    public long value(ByteBuf buffer, int base) {
        int length = byteLength();
        if (bitWidth > MAX_VALUE_BITS || length > Long.BYTES) {
            throw new IllegalStateException("field " + name + " is " + bitWidth + " bits wide (expected: a value of at"
                    + " most 64 bits within 8 bytes)");
        }
        long word = 0;
        int start = base + byteOffset();
        for (int i = 0; i < length; i++) {
            word = word << Byte.SIZE | buffer.getUnsignedByte(start + i);
        }
        int unusedLowBits = length * Byte.SIZE - bitOffset % Byte.SIZE - bitWidth;
        long shifted = word >>> unusedLowBits;
        return bitWidth == MAX_VALUE_BITS ? shifted : shifted & ((1L << bitWidth) - 1);
    }

    /** Whether the field holds the same bits in the two headers, whatever its width. */
    public boolean sameValue(ByteBuf buffer, int base, ByteBuf otherBuffer, int otherBase) {
        if (bitWidth <= MAX_VALUE_BITS && byteLength() <= Long.BYTES) {
            return value(buffer, base) == value(otherBuffer, otherBase);
        }
        if (!isByteAligned()) {
            throw new IllegalStateException("field " + name + ": wide fields must be whole bytes");
        }
        for (int i = byteOffset(); i < byteEnd(); i++) {
            if (buffer.getByte(base + i) != otherBuffer.getByte(otherBase + i)) {
                return false;
            }
        }
        return true;
    }
}
