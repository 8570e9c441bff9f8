/**
 * Fragment reassembly for both IP families: one set of rules, limits and timeouts (RFC 791 section 3.2, RFC 815,
 * RFC 8200 section 4.5, RFC 5722, RFC 6946), with Linux's choices where the RFCs leave one (net/ipv4/inet_fragment.c,
 * ip_fragment.c, net/ipv6/reassembly.c).
 *
 * <p>This package knows no IP header. The network layer describes each fragment in a reusable {@link
 * io.tunstack.stack.fragment.FragmentDescriptor}; a {@link io.tunstack.stack.fragment.FragmentFamily} of that layer's
 * package turns the first fragment's headers into the reassembled datagram's. It depends on Netty's buffers and on
 * {@code io.tunstack.stack.verdict} only.
 */
package io.tunstack.stack.fragment;
