/**
 * End-to-end tests of issue 4 (RFC conformance and hostile input): the real tunstack jar in a network namespace each
 * test creates, fed crafted bytes through tools/inject/tuninject.py (an AF_PACKET socket on tun0, so tunstack reads
 * exactly those bytes), with what it writes back sniffed on the same socket.
 *
 * <ul>
 *   <li>{@link io.tunstack.it.hostile.HostileInputIT}: named cases, each with the RFC line it checks, that must get
 *       no echo reply and be counted in the exit summary; and odd but valid inputs that must be answered.</li>
 *   <li>{@link io.tunstack.it.hostile.PacketStormIT}: thousands of random and mutated packets, then a normal ping.</li>
 *   <li>{@link io.tunstack.it.hostile.PingOptionsIT}: the real {@code ping -R}, {@code -T tsonly}, {@code -s 4000} and
 *       {@code -s 65507}.</li>
 *   <li>{@link io.tunstack.it.hostile.KernelReferenceIT}: the same cases against the Linux kernel, the reference: the
 *       crafted packets are what their names say, and every deliberate difference from Linux is named.</li>
 *   <li>{@link io.tunstack.it.hostile.InjectorSelfTestIT}: the injector itself, checked against the kernel.</li>
 * </ul>
 *
 * <p>Packets are crafted by {@link io.tunstack.it.hostile.Ipv4Builder} and {@link io.tunstack.it.hostile.IcmpBuilder}
 * with their own {@link io.tunstack.it.hostile.InternetChecksum}: the tests do not trust the stack's code to build
 * their inputs.
 */
package io.tunstack.it.hostile;
