/**
 * ICMPv6 (<a href="https://www.rfc-editor.org/rfc/rfc4443">RFC 4443</a>) as a protocol handler of the IPv6 layer:
 * which messages get an answer, built in place. Errors about other datagrams are the IPv6 layer's, not this package's.
 */
package io.tunstack.stack.icmpv6;
