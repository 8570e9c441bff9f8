/**
 * Per-host profiles against real {@code ping} and {@code traceroute}: {@code tunstack.jar} runs inside a network
 * namespace that each test class creates and deletes, with hosts that are slow, lossy, duplicating, down,
 * unreachable, flapping, far away or of another personality, set by {@code --host}, the config file (reloaded on
 * SIGHUP) and the control API.
 *
 * <p>Every class needs root and {@code /dev/net/tun}; without them these tests skip, or fail when {@code CI=true}
 * (see {@link io.tunstack.it.support.Prerequisites}).
 */
package io.tunstack.it.profiles;
