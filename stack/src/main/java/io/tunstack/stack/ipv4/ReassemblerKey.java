package io.tunstack.stack.ipv4;

/**
 * What makes fragments belong to one datagram. RFC 791: "the identification field is used to distinguish the
 * fragments of one datagram from those of another ... The internet identification field (ID) is used together with the
 * source and destination address, and the protocol fields, to identify datagram fragments for reassembly." Linux keys
 * its queues the same way (struct frag_v4_compare_key: saddr, daddr, id, protocol).
 */
record ReassemblerKey(int source, int destination, int identification, int protocol) {
}
