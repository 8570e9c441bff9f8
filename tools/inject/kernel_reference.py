#!/usr/bin/env python3
"""kernel_reference: what does the Linux kernel answer to these packets? The reference for tunstack's behaviour.

The kernel plays tunstack's part: in a network namespace of its own (this process calls unshare(CLONE_NEWNET), so
the machine's namespace is never touched), a TUN device gets tunstack's responder address, 172.21.22.26/24, and
this script, holding the tun fd, writes the packets as the peer 172.21.22.23 would send them. Whatever the kernel
sends back out of the device is read from the fd. ICMP error rate limiting is switched off, so that every answer
shows, and forwarding is off, as on a host. Needs root and /dev/net/tun. Python 3 standard library only.

With --ipv6 the device also gets fd00:172:21:22::26/64 (without duplicate address detection, which a TUN device
cannot do) and IPv6 stays on; the peer is fd00:172:21:22::23. The kernel's own link chatter (router solicitations,
MLD reports) is printed like any other packet it sends; the caller tells it apart.

Input, from FILE or stdin: packets as hex, one per line; a line "case" starts the next case (the first needs
none).
Output: for each case, "case INDEX", then "rx HEX" for every packet the kernel sent back within --wait seconds,
or "error ERRNO" for a packet the device refused (a TUN device refuses a packet whose version is neither 4 nor 6).
"""

import argparse
import ctypes
import errno
import fcntl
import os
import select
import struct
import subprocess
import sys
import time

CLONE_NEWNET = 0x40000000
TUNSETIFF = 0x400454CA
IFF_TUN = 0x0001
IFF_NO_PI = 0x1000
DEVICE = "tun0"
RESPONDER = "172.21.22.26/24"
RESPONDER_IPV6 = "fd00:172:21:22::26/64"


def enter_private_namespace(ipv6):
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(CLONE_NEWNET) != 0:
        raise OSError(ctypes.get_errno(), "unshare(CLONE_NEWNET)")
    # /proc/sys/net shows the namespace of the process that opens it: this one, from now on.
    disable_ipv6 = 0 if ipv6 else 1
    for name, value in (("ipv6/conf/all/disable_ipv6", disable_ipv6),
                        ("ipv6/conf/default/disable_ipv6", disable_ipv6),
                        ("ipv4/icmp_ratelimit", 0), ("ipv4/icmp_msgs_per_sec", 100000), ("ipv4/ip_forward", 0)):
        with open(f"/proc/sys/net/{name}", "w") as setting:
            setting.write(f"{value}\n")
    if ipv6:
        # No ICMPv6 error rate limit (net.ipv6.icmp.ratelimit, ms between errors), no forwarding (a host), and no
        # router solicitations, the loudest of the kernel's chatter.
        for name, value in (("ipv6/icmp/ratelimit", 0), ("ipv6/conf/all/forwarding", 0),
                            ("ipv6/conf/default/router_solicitations", 0)):
            with open(f"/proc/sys/net/{name}", "w") as setting:
                setting.write(f"{value}\n")


def open_tun(ipv6):
    fd = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH22x", DEVICE.encode(), IFF_TUN | IFF_NO_PI))
    subprocess.run(["ip", "addr", "add", RESPONDER, "dev", DEVICE], check=True)
    if ipv6:
        subprocess.run(["ip", "-6", "addr", "add", RESPONDER_IPV6, "dev", DEVICE, "nodad"], check=True)
    subprocess.run(["ip", "link", "set", DEVICE, "up"], check=True)
    if ipv6:
        wait_until_not_tentative()
    return fd


def wait_until_not_tentative(seconds=5.0):
    """Waits until the IPv6 address is usable: even with nodad, it stays tentative until the kernel's address work
    runs, moments after link-up (later on a loaded machine), and a packet to a tentative address is dropped."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        shown = subprocess.run(["ip", "-6", "addr", "show", "dev", DEVICE, "tentative"], check=True,
                               capture_output=True, text=True).stdout
        if not shown.strip():
            return
        time.sleep(0.02)
    raise RuntimeError(f"{RESPONDER_IPV6} still tentative after {seconds} s")


def read_cases(lines):
    cases = [[]]
    for line in lines:
        text = "".join(line.split("#", 1)[0].split())
        if text == "case":
            cases.append([])
        elif text:
            cases[-1].append(bytes.fromhex(text))
    return [case for case in cases if case]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file", nargs="?", help="the packets (default: stdin)")
    parser.add_argument("--wait", type=float, default=0.2, metavar="SECONDS",
                        help="how long to collect the kernel's answers after each case (default 0.2)")
    parser.add_argument("--ipv6", action="store_true",
                        help="give the device fd00:172:21:22::26/64 too and keep IPv6 on")
    args = parser.parse_args()
    if args.file:
        with open(args.file) as f:
            cases = read_cases(f)
    else:
        cases = read_cases(sys.stdin)
    enter_private_namespace(args.ipv6)
    tun = open_tun(args.ipv6)
    try:
        for index, packets in enumerate(cases):
            print(f"case {index}")
            for packet in packets:
                try:
                    os.write(tun, packet)
                except OSError as e:
                    print(f"error {errno.errorcode.get(e.errno, e.errno)}")
            while select.select([tun], [], [], args.wait)[0]:
                print(f"rx {os.read(tun, 65535).hex()}")
    finally:
        os.close(tun)
    return 0


if __name__ == "__main__":
    sys.exit(main())
