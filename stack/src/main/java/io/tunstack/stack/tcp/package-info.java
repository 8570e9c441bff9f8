/**
 * TCP (<a href="https://www.rfc-editor.org/rfc/rfc9293">RFC 9293</a>) as a protocol handler of both network layers,
 * as a host whose open ports accept a connection and close it at once: resets for closed ports, the handshake
 * (with SYN cookies when the connection table is full), the orderly close, and the retransmissions of both, on
 * deadlines the stack's worker keeps.
 */
package io.tunstack.stack.tcp;
