/**
 * Per-host profiles: what makes a virtual host slow, lossy, flapping, down or far away (words after {@code tc netem}
 * and Honeyd), the table that says which profile each answered address has (the most specific range wins), and the
 * source through which that table changes while the stack runs.
 */
package io.tunstack.stack.profile;
