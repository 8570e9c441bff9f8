/**
 * tunstack's userspace network stack: raw IPv4 packets in, answers out, no I/O and no threads of its own.
 *
 * <p>{@link io.tunstack.stack.NetworkStack} is the entry point. One packet walks down the layers, each in its own
 * package: {@code wire} (views over the bytes, one accessor per RFC field, and checksums), {@code ipv4} (validation,
 * address rules, options, reassembly, the reply's header, fragmentation) and {@code icmp} (type policy, echo and
 * timestamp replies built in place, ICMP errors and their rate limits). Every packet that gets no answer is counted
 * under a {@link io.tunstack.stack.verdict.DropReason} in {@link io.tunstack.stack.verdict.StackCounters}; drops are values, never
 * exceptions.
 *
 * <p>Buffer ownership: the caller owns the packet it hands to {@code receive}; the stack borrows it, may rewrite it
 * into the reply, and lends it to the {@link io.tunstack.stack.ip.Transmitter}. What the stack allocates itself (held
 * fragments, reassembled datagrams, ICMP errors) it releases itself, at the latest in {@code close()}.
 *
 * <p>Where the RFCs (791, 792, 1071, 1122, 1624, 5722) leave a choice, the stack does what Linux does, and the code
 * says so where it decides.
 */
package io.tunstack.stack;
