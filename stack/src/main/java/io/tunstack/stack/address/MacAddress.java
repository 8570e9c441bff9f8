package io.tunstack.stack.address;

import io.netty.buffer.ByteBuf;
import java.util.Locale;

/**
 * A 48-bit IEEE 802 MAC address as a value: the six bytes in network order in the low 48 bits of a {@code long}
 * ({@code 02:54:ac:15:16:1a} is {@code 0x0254ac15161aL}).
 *
 * <p>The two flag bits of the first byte (IEEE 802-2014 8.2.2): the I/G bit, {@code 0x01}, set for a group
 * (multicast) address; the U/L bit, {@code 0x02}, set for a locally administered one. Like {@link IpAddress}, this type
 * is for configuration, text and tests; the packet path reads a MAC as a {@code long} ({@link #readBits}).
 */
public final class MacAddress {

    /** The address bits: 48. */
    public static final int BITS = 48;
    /** The address length in bytes: 6. */
    public static final int LENGTH = BITS / Byte.SIZE;
    /** The mask of the 48 address bits in a {@code long}. */
    public static final long MASK = (1L << BITS) - 1;

    /** The I/G bit of the first byte, as a bit of the 48: set for a group (multicast or broadcast) address. */
    private static final long GROUP_BIT = 0x01L << 40;
    /** The U/L bit of the first byte, as a bit of the 48: set for a locally administered address. */
    private static final long LOCAL_BIT = 0x02L << 40;
    /** RFC 1112 6.4: IPv4 multicast maps into 01-00-5E-00-00-00 ... the low 23 bits of the group. */
    private static final long IPV4_MULTICAST_PREFIX = 0x01005eL << 24;
    private static final int IPV4_MULTICAST_GROUP_BITS = 0x7FFFFF;
    /** RFC 2464 7: "33-33" followed by the last four octets of the IPv6 destination. */
    private static final long IPV6_MULTICAST_PREFIX = 0x3333L << 32;

    /** ff:ff:ff:ff:ff:ff, the broadcast address. */
    public static final MacAddress BROADCAST = new MacAddress(MASK);
    /** 00:00:00:00:00:00: the unknown target hardware address of an ARP request (RFC 5227 2.1.1). */
    public static final MacAddress ZERO = new MacAddress(0);

    private final long bits;

    private MacAddress(long bits) {
        this.bits = bits;
    }

    /**
     * The address of these 48 bits.
     *
     * @throws IllegalArgumentException when a bit above the 48 is set
     */
    public static MacAddress of(long bits) {
        if ((bits & ~MASK) != 0) {
            throw new IllegalArgumentException("MAC address bits 0x" + Long.toHexString(bits)
                    + " (expected: 48 bits, at most 0xffffffffffff)");
        }
        return new MacAddress(bits);
    }

    /**
     * Parses six hexadecimal bytes separated by colons, {@code 02:54:ac:15:16:1a} (or dashes, as IEEE writes them);
     * each byte has one or two digits.
     *
     * @throws IllegalArgumentException naming the text and what is expected
     */
    public static MacAddress parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("MAC address: null (expected: six hex bytes, e.g. 02:11:22:33:44:55)");
        }
        String[] parts = text.split("[:-]", -1);
        if (parts.length != LENGTH) {
            throw invalid(text);
        }
        long bits = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 2) {
                throw invalid(text);
            }
            int value = 0;
            for (int i = 0; i < part.length(); i++) {
                int digit = Character.digit(part.charAt(i), 16);
                if (digit < 0) {
                    throw invalid(text);
                }
                value = value << 4 | digit;
            }
            bits = bits << Byte.SIZE | value;
        }
        return new MacAddress(bits);
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("invalid MAC address: '" + text
                + "' (expected: six hex bytes separated by colons, e.g. 02:11:22:33:44:55)");
    }

    /** The address stored at absolute {@code index} of {@code buffer}; the buffer's indices do not move. */
    public static MacAddress read(ByteBuf buffer, int index) {
        return new MacAddress(readBits(buffer, index));
    }

    /** The 48 bits stored at absolute {@code index} of {@code buffer}, without allocating; indices do not move. */
    public static long readBits(ByteBuf buffer, int index) {
        return (long) buffer.getUnsignedShort(index) << Integer.SIZE | buffer.getUnsignedInt(index + Short.BYTES);
    }

    /** Stores the 48 bits {@code bits} at absolute {@code index} of {@code buffer}; the indices do not move. */
    public static void writeBits(ByteBuf buffer, int index, long bits) {
        buffer.setShort(index, (int) (bits >>> Integer.SIZE));
        buffer.setInt(index + Short.BYTES, (int) bits);
    }

    /** Stores this address at absolute {@code index} of {@code buffer} (setBytes: the indices do not move). */
    public void write(ByteBuf buffer, int index) {
        writeBits(buffer, index, bits);
    }

    /**
     * The group address of the IPv4 multicast group {@code group}: 01:00:5e and the group's low 23 bits (RFC 1112
     * 6.4: "placing the low-order 23-bits of the IP address into the low-order 23 bits of the Ethernet multicast
     * address 01-00-5E-00-00-00").
     */
    public static MacAddress ipv4Multicast(int group) {
        return new MacAddress(ipv4MulticastBits(group));
    }

    /** The bits of {@link #ipv4Multicast}, without allocating. */
    public static long ipv4MulticastBits(int group) {
        return IPV4_MULTICAST_PREFIX | group & IPV4_MULTICAST_GROUP_BITS;
    }

    /**
     * The group address of an IPv6 multicast address whose bytes 8-15 are {@code low}: 33:33 and its last four bytes
     * (RFC 2464 7: "the two octets 3333 hexadecimal ... followed by the last four octets of DST").
     */
    public static MacAddress ipv6Multicast(long low) {
        return new MacAddress(ipv6MulticastBits(low));
    }

    /** The bits of {@link #ipv6Multicast}, without allocating. */
    public static long ipv6MulticastBits(long low) {
        return IPV6_MULTICAST_PREFIX | low & 0xFFFFFFFFL;
    }

    /** Whether {@code bits} is a group address: the I/G bit of the first byte is set (broadcast included). */
    public static boolean isMulticast(long bits) {
        return (bits & GROUP_BIT) != 0;
    }

    /** The 48 bits. */
    public long bits() {
        return bits;
    }

    /** Whether this is a group address: the I/G bit of the first byte is set (broadcast included). */
    public boolean isMulticast() {
        return isMulticast(bits);
    }

    /** Whether this is ff:ff:ff:ff:ff:ff. */
    public boolean isBroadcast() {
        return bits == MASK;
    }

    /** Whether the U/L bit of the first byte is set: the address was not assigned by IEEE but by someone local. */
    public boolean isLocallyAdministered() {
        return (bits & LOCAL_BIT) != 0;
    }

    /** The address in lower-case colon form of {@code bits}, e.g. {@code 02:54:ac:15:16:1a}. */
    public static String format(long bits) {
        StringBuilder text = new StringBuilder(3 * LENGTH - 1);
        for (int i = LENGTH - 1; i >= 0; i--) {
            text.append(String.format(Locale.ROOT, "%02x", bits >>> (Byte.SIZE * i) & 0xFF));
            if (i > 0) {
                text.append(':');
            }
        }
        return text.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MacAddress && ((MacAddress) other).bits == bits;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(bits);
    }

    /** Lower-case colon form, {@code 02:54:ac:15:16:1a}. */
    @Override
    public String toString() {
        return format(bits);
    }
}
