package io.tunstack.device;

import java.nio.ByteOrder;
import jnr.ffi.NativeType;
import jnr.ffi.Runtime;
import jnr.ffi.Struct;
import jnr.ffi.Union;

/**
 * {@code struct ifreq} from {@code <linux/if.h>}, 40 bytes on 64-bit Linux: the name, then a 24-byte union.
 *
 * <pre>
 * struct ifreq {
 *     char ifr_name[IFNAMSIZ];          //  0..16
 *     union {                           // 16..40, sized by struct ifmap (24 bytes)
 *         struct sockaddr ifru_addr;    //   sockaddr_in: family, port, address, zero[8]
 *         struct sockaddr ifru_netmask;
 *         struct sockaddr ifru_hwaddr;  //   family ARPHRD_*, then the hardware address in sa_data
 *         short           ifru_flags;
 *         int             ifru_ivalue;  //   ifindex
 *         int             ifru_mtu;
 *         struct ifmap    ifru_map;     //   the largest member
 *         ...
 *     } ifr_ifru;
 * };
 * </pre>
 *
 * The kernel copies all 40 bytes back on {@code TUNSETIFF}: a shorter mirror lets it write past the end.
 */
public final class IfReq extends Struct {

    /** {@code sizeof(struct ifreq)} on 64-bit Linux. */
    public static final int SIZE = 40;

    /** {@code char ifr_name[IFNAMSIZ]}: NUL-terminated. */
    public final UTF8String ifr_name = new UTF8String(Linux.IFNAMSIZ);

    /** The union of request arguments. */
    public final Ifru ifr_ifru = inner(new Ifru(getRuntime()));

    public IfReq() {
        super(Native.RUNTIME);
    }

    /** An {@code ifreq} naming {@code name}, its union zeroed. */
    static IfReq named(java.lang.String name) {
        IfReq ifr = new IfReq();
        ifr.ifr_name.set(name);
        return ifr;
    }

    /** The 24-byte union {@code ifr_ifru}. */
    public static final class Ifru extends Union {
        /** {@code struct sockaddr_in ifru_addr} (and {@code ifru_netmask}, at the same place). */
        public final SockaddrIn ifru_addr = inner(new SockaddrIn(getRuntime()));
        /** {@code struct sockaddr ifru_hwaddr}, at the same place: {@code SIOCGIFHWADDR}. */
        public final Sockaddr ifru_hwaddr = inner(new Sockaddr(getRuntime()));
        /** {@code short ifru_flags}: {@code IFF_*}. */
        public final Signed16 ifru_flags = new Signed16();
        /** {@code int ifru_ivalue}: the interface index. */
        public final Signed32 ifru_ivalue = new Signed32();
        /** {@code int ifru_mtu}. */
        public final Signed32 ifru_mtu = new Signed32();
        /** The size of the largest member, {@code struct ifmap}. */
        private final Padding ifru_map = new Padding(NativeType.UCHAR, 24);

        Ifru(Runtime runtime) {
            super(runtime);
        }
    }

    /** {@code struct sockaddr} from {@code <sys/socket.h>}, 16 bytes: a family and 14 bytes of address. */
    public static final class Sockaddr extends Struct {
        /** {@code sa_family_t sa_family}: for {@code ifru_hwaddr}, the {@code ARPHRD_*} hardware type. */
        public final Unsigned16 sa_family = new Unsigned16();
        /** {@code char sa_data[14]}: for an Ethernet device, its 6-byte address first. */
        public final Unsigned8[] sa_data = array(new Unsigned8[14]);

        Sockaddr(Runtime runtime) {
            super(runtime);
        }

        /** The first {@code length} bytes of {@code sa_data} as an unsigned number, the first byte highest. */
        public long dataBits(int length) {
            long bits = 0;
            for (int i = 0; i < length; i++) {
                bits = bits << Byte.SIZE | sa_data[i].get();
            }
            return bits;
        }
    }

    /** {@code struct sockaddr_in} from {@code <netinet/in.h>}, 16 bytes; port and address in network byte order. */
    public static final class SockaddrIn extends Struct {
        /** {@code sa_family_t sin_family}: {@code AF_INET}. */
        public final Unsigned16 sin_family = new Unsigned16();
        /** {@code in_port_t sin_port}, network byte order. */
        public final Unsigned16 sin_port = new Unsigned16();
        /** {@code struct in_addr sin_addr}, network byte order: use {@link #address()}. */
        public final Unsigned32 sin_addr = new Unsigned32();
        /** {@code unsigned char sin_zero[8]}. */
        private final Padding sin_zero = new Padding(NativeType.UCHAR, 8);

        SockaddrIn(Runtime runtime) {
            super(runtime);
        }

        /** Sets {@code AF_INET} and the address (a.b.c.d as {@code a<<24|b<<16|c<<8|d}). */
        public void setAddress(int address) {
            sin_family.set(Linux.AF_INET);
            sin_addr.set(Integer.toUnsignedLong(toNetworkOrder(address)));
        }

        /** The address, a.b.c.d as {@code a<<24|b<<16|c<<8|d}. */
        public int address() {
            return toNetworkOrder((int) sin_addr.get());
        }

        /** {@code htonl}, which is also {@code ntohl}: the field is stored in native order. */
        private static int toNetworkOrder(int value) {
            return ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN ? value : Integer.reverseBytes(value);
        }
    }
}
