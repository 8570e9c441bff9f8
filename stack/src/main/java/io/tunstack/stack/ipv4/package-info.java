/**
 * The IPv4 layer: validation of incoming datagrams (RFC 791, RFC 1122 3.2.1), the address rules of a host, dispatch
 * by protocol, and the IPv4 header of the replies the stack sends.
 *
 * <p>Fragmentation ({@code Fragmenter}), options ({@code Ipv4Options}) and IPv4's part in reassembly ({@code
 * Ipv4FragmentFamily}, for the shared {@link io.tunstack.stack.fragment.Reassembler}) live here too, beside {@link
 * io.tunstack.stack.ipv4.Ipv4Layer}.
 */
package io.tunstack.stack.ipv4;
