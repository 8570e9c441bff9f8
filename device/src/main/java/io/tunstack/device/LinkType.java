package io.tunstack.device;

/**
 * What a {@link Link}'s packets begin with, and the pcap link type number that says so in a capture file.
 *
 * @see <a href="https://www.tcpdump.org/linktypes.html">tcpdump.org: link-layer header types</a>
 */
public enum LinkType {

    /**
     * {@code LINKTYPE_RAW} (101): no link-layer header, the packet begins with an IPv4 or IPv6 header, told apart by
     * its version nibble. A TUN device with {@code IFF_NO_PI}.
     */
    RAW_IP(101),

    /** {@code LINKTYPE_ETHERNET} (1): the packet begins with an Ethernet II header. A TAP device ({@code IFF_TAP}). */
    ETHERNET(1);

    private final int pcapLinkType;

    LinkType(int pcapLinkType) {
        this.pcapLinkType = pcapLinkType;
    }

    /** The {@code LINKTYPE_*} number of pcap's file header and pcapng's Interface Description Block. */
    public int pcapLinkType() {
        return pcapLinkType;
    }
}
