package io.tunstack.device;

import jnr.ffi.NativeType;
import jnr.ffi.Struct;

/**
 * {@code struct rtentry} from {@code <linux/route.h>}, 120 bytes on 64-bit Linux: the argument of {@code SIOCADDRT}
 * and {@code SIOCDELRT} on an {@code AF_INET} socket, which the kernel reads in {@code rtentry_to_fib_config()}
 * ({@code net/ipv4/fib_frontend.c}), as {@code route add -net} passes it.
 *
 * <pre>
 * struct rtentry {
 *     unsigned long   rt_pad1;     //   0..8
 *     struct sockaddr rt_dst;      //   8..24  sockaddr_in: the prefix's first address
 *     struct sockaddr rt_gateway;  //  24..40  unused without RTF_GATEWAY
 *     struct sockaddr rt_genmask;  //  40..56  sockaddr_in: the netmask (AF_INET, or the kernel says EAFNOSUPPORT)
 *     unsigned short  rt_flags;    //  56..58  RTF_UP
 *     short           rt_pad2;     //  58..60
 *     unsigned long   rt_pad3;     //  64..72  (aligned to 8)
 *     void           *rt_pad4;     //  72..80
 *     short           rt_metric;   //  80..82  the route's priority + 1; 0 for priority 0, as ip route add
 *     char           *rt_dev;      //  88..96  the device's name, a NUL-terminated string in user memory
 *     unsigned long   rt_mtu;      //  96..104
 *     unsigned long   rt_window;   // 104..112
 *     unsigned short  rt_irtt;     // 112..114, the struct padded to 120
 * };
 * </pre>
 */
final class RtEntry extends Struct {

    /** {@code sizeof(struct rtentry)} on 64-bit Linux. */
    static final int SIZE = 120;

    final UnsignedLong rt_pad1 = new UnsignedLong();
    /** {@code struct sockaddr rt_dst}: the prefix's first address. */
    final IfReq.SockaddrIn rt_dst = inner(new IfReq.SockaddrIn(getRuntime()));
    final IfReq.SockaddrIn rt_gateway = inner(new IfReq.SockaddrIn(getRuntime()));
    /** {@code struct sockaddr rt_genmask}: the netmask of the prefix. */
    final IfReq.SockaddrIn rt_genmask = inner(new IfReq.SockaddrIn(getRuntime()));
    /** {@code unsigned short rt_flags}: {@code RTF_*}. */
    final Unsigned16 rt_flags = new Unsigned16();
    final Signed16 rt_pad2 = new Signed16();
    final UnsignedLong rt_pad3 = new UnsignedLong();
    final Pointer rt_pad4 = new Pointer();
    /** {@code short rt_metric}: priority + 1 ("+1 for binary compatibility!"), 0 for the default priority 0. */
    final Signed16 rt_metric = new Signed16();
    /** {@code char *rt_dev}: the route goes out of this device. */
    final Pointer rt_dev = new Pointer();
    final UnsignedLong rt_mtu = new UnsignedLong();
    final UnsignedLong rt_window = new UnsignedLong();
    final Unsigned16 rt_irtt = new Unsigned16();
    /**
     * The tail padding C adds to a multiple of the struct's alignment (8), which jnr does not: the kernel copies all
     * 120 bytes in.
     */
    private final Padding tail = new Padding(NativeType.UCHAR, SIZE - 114);

    RtEntry() {
        super(Native.RUNTIME);
    }
}
