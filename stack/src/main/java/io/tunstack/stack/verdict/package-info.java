/**
 * What the stack decided about a packet, as values: {@link io.tunstack.stack.verdict.DropReason} (why a packet got no
 * answer). The lowest package of the stack: it imports nothing of tunstack, and every other package may use it, so
 * that a wire view can say what is short without depending on the layers above it.
 */
package io.tunstack.stack.verdict;
