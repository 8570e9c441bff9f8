/**
 * End-to-end tests of RFC conformance and hostile input, IPv4 and IPv6: the real tunstack jar in a network namespace
 * each test creates, fed crafted bytes through tools/inject/tuninject.py (an AF_PACKET socket on tun0, so tunstack
 * reads exactly those bytes), with what it writes back sniffed on the same socket.
 *
 * <ul>
 *   <li>{@link io.tunstack.it.hostile.HostileInputIT}: named cases, each with the RFC line it checks, that must get
 *       no echo reply and be counted in the exit summary; and odd but valid inputs that must be answered.</li>
 *   <li>{@link io.tunstack.it.hostile.Ipv6HostileInputIT}: the same for IPv6 and ICMPv6 (sources, extension headers,
 *       fragments), with the ICMPv6 Parameter Problems Linux sends; and a reply larger than the MTU, in fragments.</li>
 *   <li>{@link io.tunstack.it.hostile.PacketStormIT}, {@link io.tunstack.it.hostile.Ipv6PacketStormIT}: thousands of
 *       random and mutated packets, then a normal ping.</li>
 *   <li>{@link io.tunstack.it.hostile.PingOptionsIT}: the real {@code ping -R}, {@code -T tsonly}, {@code -s 4000} and
 *       {@code -s 65507}.</li>
 *   <li>{@link io.tunstack.it.hostile.KernelReferenceIT}: the same cases against the Linux kernel, the reference: the
 *       crafted packets are what their names say, and every deliberate difference from Linux is named.</li>
 *   <li>{@link io.tunstack.it.hostile.InjectorSelfTestIT}: the injector itself, checked against the kernel.</li>
 * </ul>
 *
 * <p>Packets are crafted by {@link io.tunstack.it.hostile.Ipv4Builder}, {@link io.tunstack.it.hostile.IcmpBuilder},
 * {@link io.tunstack.it.hostile.Ipv6Builder} and {@link io.tunstack.it.hostile.Icmpv6Builder} with their own
 * {@link io.tunstack.it.hostile.InternetChecksum}: the tests do not trust the stack's code to build their inputs.
 */
package io.tunstack.it.hostile;
