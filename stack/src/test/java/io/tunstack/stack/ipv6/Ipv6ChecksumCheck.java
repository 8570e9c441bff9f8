package io.tunstack.stack.ipv6;

/** Lets tests of other packages check an ICMPv6 checksum with {@link Ipv6TestPackets#checksumValid}. */
public final class Ipv6ChecksumCheck {

    private Ipv6ChecksumCheck() {
    }

    /** Whether the ICMPv6 checksum of {@code packet} (no extension headers) verifies. */
    public static boolean valid(byte[] packet) {
        return Ipv6TestPackets.checksumValid(packet);
    }
}
