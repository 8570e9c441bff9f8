/**
 * Text for people: one-line packet summaries in tcpdump's shape ({@link io.tunstack.stack.trace.PacketFormatter})
 * and the field-by-field teaching dump ({@link io.tunstack.stack.trace.PacketExplainer}). Pure formatting over the
 * {@link io.tunstack.stack.wire} views, composed of their field tables and {@code summary()}s: this package knows no
 * offset. No I/O, and no input makes them throw, since they also describe the garbage the stack drops.
 *
 * <p>Output shapes follow tcpdump (<a href="https://www.tcpdump.org/manpages/tcpdump.1.html">tcpdump(1)</a>);
 * addresses in IPv6 summaries follow <a href="https://www.rfc-editor.org/rfc/rfc5952">RFC 5952</a>.
 */
package io.tunstack.stack.trace;
