/**
 * The Linux TUN device through jnr-ffi: open ({@link io.tunstack.device.TunDevice}), configure
 * ({@link io.tunstack.device.InterfaceConfig}, IPv4 and IPv6, after {@link io.tunstack.device.Ipv6Availability}
 * says whether IPv6 can be used), read, write, wake up, close, seen by the packet loop as a
 * {@link io.tunstack.device.Link}. The C side is one small interface, {@link io.tunstack.device.LibC}; errors are
 * {@link io.tunstack.device.NativeException}s with the errno.
 *
 * @see <a href="https://docs.kernel.org/networking/tuntap.html">Universal TUN/TAP device driver</a>
 * @see <a href="https://man7.org/linux/man-pages/man7/netdevice.7.html">netdevice(7): the SIOC*IF* ioctls</a>
 * @see <a href="https://man7.org/linux/man-pages/man7/ipv6.7.html">ipv6(7): struct in6_ifreq, SIOCSIFADDR</a>
 */
package io.tunstack.device;
