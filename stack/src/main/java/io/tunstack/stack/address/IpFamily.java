package io.tunstack.stack.address;

/** The two IP families, with the facts every family-neutral structure needs about them. */
public enum IpFamily {
    /** IPv4, RFC 791: 32-bit addresses. */
    IPV4(4, 32, "IPv4"),
    /** IPv6, RFC 8200: 128-bit addresses. */
    IPV6(6, 128, "IPv6");

    private final int version;
    private final int addressBits;
    private final String displayName;

    IpFamily(int version, int addressBits, String displayName) {
        this.version = version;
        this.addressBits = addressBits;
        this.displayName = displayName;
    }

    /** The Version field of the family's header (the first nibble of every IP packet). */
    public int version() {
        return version;
    }

    /** The address width in bits, which is also the longest prefix length. */
    public int addressBits() {
        return addressBits;
    }

    @Override
    public String toString() {
        return displayName;
    }
}
