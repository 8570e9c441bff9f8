/**
 * IPv6 (RFC 8200). For now its part in fragment reassembly, {@link io.tunstack.stack.ipv6.Ipv6FragmentFamily}, which
 * the IPv6 layer uses to describe fragments to the shared {@link io.tunstack.stack.fragment.Reassembler}.
 */
package io.tunstack.stack.ipv6;
