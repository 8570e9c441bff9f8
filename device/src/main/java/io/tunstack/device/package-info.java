/**
 * The Linux TUN device through jnr-ffi: open ({@link io.tunstack.device.TunDevice}), configure
 * ({@link io.tunstack.device.InterfaceConfig}), read, write, wake up, close. The C side is one small interface,
 * {@link io.tunstack.device.LibC}; errors are {@link io.tunstack.device.NativeException}s with the errno.
 *
 * @see <a href="https://docs.kernel.org/networking/tuntap.html">Universal TUN/TAP device driver</a>
 * @see <a href="https://man7.org/linux/man-pages/man7/netdevice.7.html">netdevice(7): the SIOC*IF* ioctls</a>
 */
package io.tunstack.device;
