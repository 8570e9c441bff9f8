// tunwait.c - ../shared/bench/tunresp.c with a choice of how the worker waits for the next packet, to measure what
// tunstack's way of waiting (non-blocking read(), then poll() of the tun fd and an eventfd) costs against a blocking
// read(). Environment: WAIT=0 blocking read() (tunresp's way), WAIT=1 read() + poll() of both fds, WAIT=2 read() +
// epoll_wait(); SPINS=N retries an empty read() N times before waiting. Build: gcc -O2 -Wall -pthread -o tunwait tunwait.c
// tunresp.c - minimal userspace ICMP echo responder on a Linux TUN device.
// Build: gcc -O2 -Wall -pthread -o tunresp tunresp.c
// Usage: tunresp [-i IFNAME] [-q NQUEUES] [-a ADDR] [-p PREFIXLEN] [-n] [-F]
//   -i  tun interface name (default tun0)
//   -q  number of queues/threads; >1 uses IFF_MULTI_QUEUE (default 1)
//   -a  own address (default 172.21.22.23); echo requests TO it are ignored
//   -p  prefix length used when configuring the address (default 24)
//   -n  do not configure address / link-up (the harness does it)
//   -F  recompute the full ICMP checksum instead of the RFC 1624 incremental update
// On SIGINT/SIGTERM prints per-queue counters to stderr and exits.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <errno.h>

#define MAXQ 16
static uint32_t own_addr;            // network byte order
static int full_csum;
static volatile unsigned long n_rd[MAXQ], n_wr[MAXQ], n_ign[MAXQ], n_err[MAXQ];

static uint16_t csum(const void *p, size_t len, uint32_t sum) {
    const uint8_t *b = p;
    for (; len > 1; len -= 2, b += 2) sum += (uint32_t)b[0] << 8 | b[1];
    if (len) sum += (uint32_t)b[0] << 8;
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return htons((uint16_t)~sum);
}

// Turns an IPv4 ICMP echo request into an echo reply in place. Returns 1 if buf holds a reply.
static int make_reply(uint8_t *p, ssize_t n) {
    if (n < 20 || (p[0] >> 4) != 4) return 0;
    size_t ihl = (size_t)(p[0] & 0x0f) * 4, tot = (size_t)p[2] << 8 | p[3];
    if (ihl < 20 || tot < ihl + 8 || tot > (size_t)n || p[9] != 1) return 0;
    if (((p[6] << 8 | p[7]) & 0x3fff) != 0) return 0;    // fragment (MF or offset)
    uint8_t *icmp = p + ihl;
    if (icmp[0] != 8 || icmp[1] != 0) return 0;           // not an echo request
    uint32_t src, dst;
    memcpy(&src, p + 12, 4); memcpy(&dst, p + 16, 4);
    if (dst == own_addr) return 0;
    memcpy(p + 12, &dst, 4); memcpy(p + 16, &src, 4);     // swap addresses
    icmp[0] = 0;                                          // type 0 = echo reply
    if (full_csum) {
        icmp[2] = icmp[3] = 0;
        uint16_t c = csum(icmp, tot - ihl, 0);
        memcpy(icmp + 2, &c, 2);
    } else {                                              // RFC 1624: HC' = ~(~HC + ~m + m')
        uint32_t s = (uint16_t)~((uint32_t)icmp[2] << 8 | icmp[3]);
        s += (uint16_t)~0x0800u;                          // old word type=8,code=0; new word 0
        while (s >> 16) s = (s & 0xffff) + (s >> 16);
        s = (uint16_t)~s;
        icmp[2] = s >> 8; icmp[3] = s & 0xff;
    }
    p[8] = 64;                                            // TTL
    p[10] = p[11] = 0;
    uint16_t c = csum(p, ihl, 0);
    memcpy(p + 10, &c, 2);
    return 1;
}

static int waitmode, spins; // 0 blocking, 1 poll, 2 epoll
static void *worker(void *arg) {
    int q = (int)(long)arg >> 16, fd = (int)(long)arg & 0xffff;
    uint8_t buf[65536];
    int efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    struct pollfd pfd[2] = {{fd, POLLIN, 0}, {efd, POLLIN, 0}};
    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 0};
    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev); ev.data.u64 = 1; epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev);
    struct epoll_event out[2];
    if (waitmode) fcntl(fd, F_SETFL, O_NONBLOCK);
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EAGAIN) {
            static __thread int spun;
            if (spins && spun < spins) { spun++; continue; }
            spun = 0;
            if (waitmode == 1) poll(pfd, 2, 5000); else epoll_wait(ep, out, 2, 5000);
            continue;
        }
        if (n <= 0) { n_err[q]++; if (n < 0) usleep(1000); continue; }
        n_rd[q]++;
        if (!make_reply(buf, n)) { n_ign[q]++; continue; }
        if (write(fd, buf, (size_t)n) == n) n_wr[q]++; else n_err[q]++;
    }
    return NULL;
}

static int configure(const char *ifn, const char *addr, int plen) {
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    struct ifreq ifr; memset(&ifr, 0, sizeof ifr);
    strncpy(ifr.ifr_name, ifn, IFNAMSIZ - 1);
    struct sockaddr_in *sin = (struct sockaddr_in *)&ifr.ifr_addr;
    sin->sin_family = AF_INET; inet_pton(AF_INET, addr, &sin->sin_addr);
    if (ioctl(s, SIOCSIFADDR, &ifr) < 0) { perror("SIOCSIFADDR"); return -1; }
    sin->sin_addr.s_addr = plen ? htonl(~0u << (32 - plen)) : 0;
    if (ioctl(s, SIOCSIFNETMASK, &ifr) < 0) { perror("SIOCSIFNETMASK"); return -1; }
    if (ioctl(s, SIOCGIFFLAGS, &ifr) < 0) { perror("SIOCGIFFLAGS"); return -1; }
    ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
    if (ioctl(s, SIOCSIFFLAGS, &ifr) < 0) { perror("SIOCSIFFLAGS"); return -1; }
    close(s);
    return 0;
}

int main(int argc, char **argv) {
    waitmode = getenv("WAIT") ? atoi(getenv("WAIT")) : 0; spins = getenv("SPINS") ? atoi(getenv("SPINS")) : 0;
    const char *ifn = "tun0", *addr = "172.21.22.23";
    int nq = 1, plen = 24, noconf = 0, o;
    while ((o = getopt(argc, argv, "i:q:a:p:nF")) != -1) switch (o) {
        case 'i': ifn = optarg; break;
        case 'q': nq = atoi(optarg); break;
        case 'a': addr = optarg; break;
        case 'p': plen = atoi(optarg); break;
        case 'n': noconf = 1; break;
        case 'F': full_csum = 1; break;
        default: fprintf(stderr, "usage: %s [-i if] [-q n] [-a addr] [-p plen] [-n] [-F]\n", argv[0]); return 2;
    }
    if (nq < 1 || nq > MAXQ || inet_pton(AF_INET, addr, &own_addr) != 1) { fprintf(stderr, "bad args\n"); return 2; }
    sigset_t ss; sigemptyset(&ss); sigaddset(&ss, SIGINT); sigaddset(&ss, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &ss, NULL);                // workers inherit the mask
    int fds[MAXQ];
    for (int q = 0; q < nq; q++) {
        struct ifreq ifr; memset(&ifr, 0, sizeof ifr);
        ifr.ifr_flags = IFF_TUN | IFF_NO_PI | (nq > 1 ? IFF_MULTI_QUEUE : 0);
        strncpy(ifr.ifr_name, ifn, IFNAMSIZ - 1);
        if ((fds[q] = open("/dev/net/tun", O_RDWR | O_CLOEXEC)) < 0) { perror("open /dev/net/tun"); return 1; }
        if (ioctl(fds[q], TUNSETIFF, &ifr) < 0) { perror("TUNSETIFF"); return 1; }
    }
    if (!noconf && configure(ifn, addr, plen) < 0) return 1;
    fprintf(stderr, "tunresp: %s up, %d queue(s), own %s, %s ICMP checksum\n", ifn, nq, addr,
            full_csum ? "full" : "incremental");
    for (int q = 0; q < nq; q++) {
        pthread_t t;
        if (pthread_create(&t, NULL, worker, (void *)(long)(q << 16 | fds[q]))) { perror("pthread_create"); return 1; }
    }
    int sig; sigwait(&ss, &sig);
    unsigned long r = 0, w = 0;
    for (int q = 0; q < nq; q++) {
        fprintf(stderr, "tunresp: q%d read=%lu replied=%lu ignored=%lu errors=%lu\n", q, n_rd[q], n_wr[q], n_ign[q], n_err[q]);
        r += n_rd[q]; w += n_wr[q];
    }
    fprintf(stderr, "tunresp: total read=%lu replied=%lu\n", r, w);
    return 0;
}
