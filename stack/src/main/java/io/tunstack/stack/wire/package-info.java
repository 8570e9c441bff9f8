/**
 * Views over {@link io.netty.buffer.ByteBuf}s, one per protocol header, with one accessor per RFC field, plus small
 * value types ("Reprs") for tests and traces.
 *
 * <p>Specifications: <a href="https://www.rfc-editor.org/rfc/rfc894">RFC 894</a> (Ethernet II frames for IP),
 * <a href="https://www.rfc-editor.org/rfc/rfc826">RFC 826</a> (ARP),
 * <a href="https://www.rfc-editor.org/rfc/rfc791">RFC 791</a> (IPv4),
 * <a href="https://www.rfc-editor.org/rfc/rfc792">RFC 792</a> (ICMP),
 * <a href="https://www.rfc-editor.org/rfc/rfc8200">RFC 8200</a> (IPv6 and its extension headers),
 * <a href="https://www.rfc-editor.org/rfc/rfc4443">RFC 4443</a> (ICMPv6),
 * <a href="https://www.rfc-editor.org/rfc/rfc768">RFC 768</a> (UDP),
 * <a href="https://www.rfc-editor.org/rfc/rfc9293">RFC 9293</a> (TCP),
 * <a href="https://www.rfc-editor.org/rfc/rfc5952">RFC 5952</a> (IPv6 address text),
 * <a href="https://www.rfc-editor.org/rfc/rfc1071">RFC 1071</a> and
 * <a href="https://www.rfc-editor.org/rfc/rfc1624">RFC 1624</a> (the Internet checksum).
 *
 * <p>The validation contract, shared by every view: a view records the buffer and a base index once and never moves
 * the buffer's reader or writer index. Wrapping checks nothing ("unchecked"). {@code checkLength()} returns
 * {@code null} when the bytes are long enough for every field the header declares, or the
 * {@link io.tunstack.stack.verdict.DropReason} that says what is short. After a successful {@code checkLength()} no accessor
 * or setter can throw. Checks on meaning (version, checksums, addresses) belong to the layer that processes the
 * packet, not to the view.
 *
 * <p>Every view publishes its fixed fields as {@link io.tunstack.stack.wire.HeaderField}s, one public constant each
 * and a {@code FIELDS} list in header order, built from the view's private offsets (the only place the numbers are
 * written), and a {@code summary()}: one line for its layer in tcpdump's shape. Tools for people compose these and
 * never repeat an offset.
 */
package io.tunstack.stack.wire;
