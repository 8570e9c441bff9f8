/**
 * JMH benchmarks of the stack's per-packet work, without any I/O: the echo request to reply transform in place,
 * the Internet checksum (full and RFC 1624 incremental), validation of good and broken packets, and, for the device,
 * what one jnr-ffi call costs.
 *
 * <p>Every benchmark works on direct buffers from the pooled allocator, as the device worker does, and on the real
 * 84-byte {@code ping} capture of {@link io.tunstack.stack.CapturedPackets} or the 104-byte {@code ping -6} capture of
 * {@link io.tunstack.stack.wire.CapturedIpv6Packets} (or these requests with a larger payload).
 * Each {@code @Setup} checks once that the operation does what it claims (the reply is a reply, the drop has the
 * expected reason), so that a benchmark cannot silently measure a shortcut.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar -f 1 -wi 3 -i 5 -prof gc}; results in
 * {@code docs/BENCHMARKS.md}.
 */
package io.tunstack.benchmarks;
