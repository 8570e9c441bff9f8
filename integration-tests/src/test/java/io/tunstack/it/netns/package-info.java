/**
 * The real program against the real kernel: {@code tunstack.jar} runs inside a network namespace that each test
 * class creates and deletes, and iputils {@code ping} talks to it through {@code tun0}.
 *
 * <p>Every class needs root and {@code /dev/net/tun}; without them these tests skip, or fail when {@code CI=true}
 * (see {@link io.tunstack.it.support.Prerequisites}).
 */
package io.tunstack.it.netns;
