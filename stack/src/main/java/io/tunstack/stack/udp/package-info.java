/**
 * UDP (<a href="https://www.rfc-editor.org/rfc/rfc768">RFC 768</a>, RFC 1122 4.1) as a protocol handler of both
 * network layers: a datagram to an open port is consumed, one to a closed port is rejected with Port Unreachable.
 */
package io.tunstack.stack.udp;
