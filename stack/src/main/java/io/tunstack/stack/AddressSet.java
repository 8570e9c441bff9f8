package io.tunstack.stack;

/** An immutable set of IPv4 addresses, as ranges; {@link #contains} does not allocate. */
public final class AddressSet {

    /**
     * Parses a comma-separated list of single addresses ({@code 10.0.0.5}), ranges ({@code 10.0.0.5-10.0.0.9}) and
     * CIDR blocks ({@code 10.0.0.0/29}).
     *
     * @throws IllegalArgumentException with a one-line message naming the bad element
     */
    public static AddressSet parse(String spec) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Whether {@code address} (an IPv4 address as an int) is in the set. */
    public boolean contains(int address) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** The canonical text form, parseable by {@link #parse}. */
    @Override
    public String toString() {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
