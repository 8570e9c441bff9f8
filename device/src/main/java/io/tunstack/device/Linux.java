package io.tunstack.device;

/**
 * Linux constants from the kernel's UAPI headers, named as in C. The values are the same on x86_64 and aarch64,
 * the platforms tunstack runs on.
 */
final class Linux {

    private Linux() {
    }

    // <asm-generic/fcntl.h>
    static final int O_RDWR = 0x2;
    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;
    static final int F_GETFD = 1;
    static final int F_GETFL = 3;
    static final int FD_CLOEXEC = 1;

    // <asm-generic/errno-base.h>, <asm-generic/errno.h>: the ones the hot path tests without a lookup.
    static final int EINTR = 4;
    static final int EAGAIN = 11;

    // <poll.h>
    static final short POLLIN = 0x1;
    static final short POLLOUT = 0x4;
    /** {@code sizeof(struct pollfd)}: {@code int fd; short events; short revents;}. */
    static final int POLLFD_SIZE = 8;
    static final int POLLFD_FD = 0;
    static final int POLLFD_EVENTS = 4;
    static final int POLLFD_REVENTS = 6;

    // <sys/eventfd.h>
    static final int EFD_NONBLOCK = O_NONBLOCK;
    static final int EFD_CLOEXEC = O_CLOEXEC;

    // <linux/if_tun.h>: TUNSETIFF is _IOW('T', 202, int).
    static final long TUNSETIFF = 0x400454caL;
    // TUNSETPERSIST is _IOW('T', 203, int), TUNSETOWNER _IOW('T', 204, int), TUNSETGROUP _IOW('T', 206, int).
    static final long TUNSETPERSIST = 0x400454cbL;
    static final long TUNSETOWNER = 0x400454ccL;
    static final long TUNSETGROUP = 0x400454ceL;
    static final short IFF_TUN = 0x0001;
    static final short IFF_TAP = 0x0002;
    static final short IFF_MULTI_QUEUE = 0x0100;
    static final short IFF_NO_PI = 0x1000;

    // <sys/socket.h>
    /** sched.h: a new network namespace. */
    static final int CLONE_NEWNET = 0x40000000;
    /** mount.h: a bind mount. */
    static final long MS_BIND = 4096;
    /** mount.h: detach now, clean up when the last user is gone ({@code umount -l}). */
    static final int MNT_DETACH = 2;
    static final int O_RDONLY = 0;
    /** prctl.h: no execve() may grant privileges any more (set-user-ID bits, file capabilities). */
    static final int PR_SET_NO_NEW_PRIVS = 38;

    static final int AF_UNIX = 1;
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_CLOEXEC = O_CLOEXEC;

    // <sys/un.h>: struct sockaddr_un { sa_family_t sun_family; char sun_path[108]; }
    static final int SOCKADDR_UN_FAMILY = 0;
    static final int SOCKADDR_UN_PATH = 2;
    static final int SUN_PATH_SIZE = 108;

    // <linux/sockios.h>
    static final long SIOCGIFFLAGS = 0x8913;
    static final long SIOCSIFFLAGS = 0x8914;
    static final long SIOCGIFADDR = 0x8915;
    static final long SIOCSIFADDR = 0x8916;
    static final long SIOCGIFNETMASK = 0x891b;
    static final long SIOCSIFNETMASK = 0x891c;
    static final long SIOCGIFMTU = 0x8921;
    static final long SIOCSIFMTU = 0x8922;
    static final long SIOCGIFINDEX = 0x8933;
    static final long SIOCGIFHWADDR = 0x8927;
    static final long SIOCGIFCONF = 0x8912;
    static final long SIOCADDRT = 0x890b;
    static final long SIOCDELRT = 0x890c;

    // <linux/route.h>, <linux/ipv6_route.h>
    /** The route is usable; the only flag a route through a device without a gateway needs. */
    static final int RTF_UP = 0x0001;

    // <linux/if.h>
    /** {@code IFNAMSIZ}: a name is at most 15 bytes plus its terminating NUL. */
    static final int IFNAMSIZ = 16;
    static final short IFF_UP = 0x1;
    static final short IFF_RUNNING = 0x40;

    // <linux/if_arp.h>: the hardware type in the family of SIOCGIFHWADDR's sockaddr.
    /** Ethernet (a TAP device). */
    static final int ARPHRD_ETHER = 1;
    /** No hardware address (a TUN device). */
    static final int ARPHRD_NONE = 0xfffe;
    /** {@code ETH_ALEN} ({@code <linux/if_ether.h>}): an Ethernet address is 6 bytes. */
    static final int ETH_ALEN = 6;
}
