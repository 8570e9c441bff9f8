/**
 * ICMPv4 (<a href="https://www.rfc-editor.org/rfc/rfc792">RFC 792</a>, RFC 1122 3.2.2): validation, the policy of
 * which message types are answered, and the replies built in place (echo, timestamp).
 *
 * <p>The policy follows Linux's net/ipv4/icmp.c ({@code icmp_pointers[]} and {@code icmp_rcv()}); each rule cites
 * it. ICMP errors that tunstack originates ({@code IcmpError*}) and their rate limits ({@code *RateLimiter}) live here
 * too.
 */
package io.tunstack.stack.icmpv4;
