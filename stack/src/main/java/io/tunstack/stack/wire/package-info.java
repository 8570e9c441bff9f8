/**
 * Views over {@link io.netty.buffer.ByteBuf}s, one per protocol header, with one accessor per RFC field, plus small
 * value types ("Reprs") for tests and traces.
 *
 * <p>Specifications: <a href="https://www.rfc-editor.org/rfc/rfc791">RFC 791</a> (IPv4),
 * <a href="https://www.rfc-editor.org/rfc/rfc792">RFC 792</a> (ICMP),
 * <a href="https://www.rfc-editor.org/rfc/rfc1071">RFC 1071</a> and
 * <a href="https://www.rfc-editor.org/rfc/rfc1624">RFC 1624</a> (the Internet checksum).
 *
 * <p>The validation contract, shared by every view: a view records the buffer and a base index once and never moves
 * the buffer's reader or writer index. Wrapping checks nothing ("unchecked"). {@code checkLength()} returns
 * {@code null} when the bytes are long enough for every field the header declares, or the
 * {@link io.tunstack.stack.verdict.DropReason} that says what is short. After a successful {@code checkLength()} no accessor
 * or setter can throw. Checks on meaning (version, checksums, addresses) belong to the layer that processes the
 * packet, not to the view.
 */
package io.tunstack.stack.wire;
