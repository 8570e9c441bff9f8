#!/usr/bin/env python3
"""tuninject: put crafted IP packets into a TUN device's reader and sniff what the reader writes back.

With --frames the lines are whole link-layer frames instead (Ethernet, say), sent and sniffed with an AF_PACKET
SOCK_RAW socket: on a veth or a bridge port that leads to a TAP device, they reach its reader through the bridge,
and the rx lines are the frames that come back, Ethernet header included.

Run it inside the network namespace that holds the device (``ip netns exec NS tuninject.py --device tun0``).
Python 3 standard library only.

How a TUN device looks from an AF_PACKET socket bound to it (checked experimentally on Linux, see
test_tuninject.py, which repeats the experiment):

* A packet *sent* on the socket leaves the kernel through the device, so the program holding the tun fd
  (tunstack) gets it from read(2), byte for byte. A TUN device with IFF_NO_PI has no link-layer header, so a
  SOCK_DGRAM socket sends the raw IP packet as given, valid or not.
* A packet the program *writes* to the tun fd is received by the kernel on the device. The socket sees it as an
  incoming packet (pkttype PACKET_HOST), before the kernel's IP layer looks at it, so a reply is seen even when the
  kernel then drops it.
* A socket does not see what it sent itself. Packets the kernel itself sends out of the device (its own pings, for
  example) are seen only by an ETH_P_ALL socket, as PACKET_OUTGOING; they are ignored here.

Input: packets as hex, one per line (whitespace inside a line is ignored, '#' starts a comment), from --hex
arguments, --file, or standard input; from standard input each packet is sent as soon as its line arrives, so the
caller can pace the injection. Output on stdout, one line each, in this order:

    ready                         the socket is bound: from now on, whatever the reader writes is seen
    error INDEX ERRNO MESSAGE     a packet the kernel refused to send (INDEX counts from 0)
    rx HEX                        a packet the device's reader wrote, i.e. what came back
    summary sent=N errors=E received=R tx_dropped=D rx_dropped=L

tx_dropped is how many packets the device's transmit queue dropped while we sent (its reader was too slow): a
caller that counts the reader's drops must see 0 here. rx_dropped is how many packets the reader wrote that
this socket lost (its receive buffer was full): a caller that asserts "no reply" must see 0 here.
"""

import argparse
import errno
import os
import select
import socket
import struct
import sys
import time

ETH_P_ALL = 0x0003
ETH_P_IP = 0x0800
PACKET_OUTGOING = 4  # linux/if_packet.h: "Outgoing of any type"
SOL_PACKET = 263
PACKET_STATISTICS = 6  # struct tpacket_stats { unsigned int tp_packets, tp_drops; }, reset by each read
SO_RCVBUFFORCE = 33  # like SO_RCVBUF, but may exceed net.core.rmem_max (needs CAP_NET_ADMIN)
MAX_PACKET = 65535
RECEIVE_BUFFER = 8 * 1024 * 1024


def parse_hex_lines(lines):
    """Yields one bytes object per non-empty line of hex; '#' starts a comment."""
    for number, line in enumerate(lines, 1):
        text = line.split("#", 1)[0]
        text = "".join(text.split())
        if not text:
            continue
        try:
            yield bytes.fromhex(text)
        except ValueError as e:
            raise SystemExit(f"tuninject: line {number}: not hex: {e}")


def read_tx_dropped(device):
    """The device's transmit-queue drop counter, from /proc/self/net/dev (this namespace's view); None if absent.

    /proc/net/dev columns after "NAME:": 8 receive counters, then transmit bytes, packets, errs, drop, ...
    """
    try:
        with open("/proc/self/net/dev") as f:
            for line in f:
                name, _, counters = line.partition(":")
                if name.strip() == device:
                    return int(counters.split()[11])
    except (OSError, ValueError, IndexError):
        pass
    return None


class Injector:
    """One AF_PACKET socket bound to the device: sends packets out of it and collects what comes in."""

    def __init__(self, device, frames=False):
        self.device = device
        self.frames = frames
        kind = socket.SOCK_RAW if frames else socket.SOCK_DGRAM
        self.sock = socket.socket(socket.AF_PACKET, kind, socket.htons(ETH_P_ALL))
        try:
            self.sock.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, RECEIVE_BUFFER)
        except PermissionError:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RECEIVE_BUFFER)
        self.sock.bind((device, ETH_P_ALL))
        self.sock.setblocking(False)
        self.sock.getsockopt(SOL_PACKET, PACKET_STATISTICS, 8)  # reset the counters: count from now on
        self.received = []

    def receive_dropped(self):
        """Packets the socket lost because its receive buffer was full, since the last call."""
        _, drops = struct.unpack("II", self.sock.getsockopt(SOL_PACKET, PACKET_STATISTICS, 8))
        return drops

    def send(self, packet):
        """Sends one packet out of the device; returns None, or the OSError the kernel answered."""
        try:
            # A whole Ethernet frame names its protocol itself (bytes 12-13); a raw IP packet is sent as IP.
            protocol = struct.unpack("!H", packet[12:14])[0] if self.frames and len(packet) >= 14 else ETH_P_IP
            self.sock.sendto(packet, (self.device, protocol))
            return None
        except OSError as e:
            return e

    def drain(self):
        """Collects every packet already queued on the socket, without waiting."""
        while True:
            try:
                data, address = self.sock.recvfrom(MAX_PACKET)
            except BlockingIOError:
                return
            pkttype = address[2]
            if pkttype != PACKET_OUTGOING:
                self.received.append(data)

    def listen(self, seconds):
        """Collects incoming packets for the given time."""
        deadline = time.monotonic() + seconds
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return
            readable, _, _ = select.select([self.sock], [], [], left)
            if readable:
                self.drain()

    def close(self):
        self.sock.close()


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Send raw IP packets into a TUN device's reader (through an AF_PACKET socket bound to the "
                    "device) and print the packets the reader writes back.")
    parser.add_argument("--device", required=True, help="the TUN device, e.g. tun0 (with --frames: any device)")
    parser.add_argument("--frames", action="store_true",
                        help="the packets are whole link-layer frames (Ethernet on a veth or bridge port), sent and "
                             "received with their link-layer header")
    parser.add_argument("--hex", action="append", default=[], metavar="HEX",
                        help="a packet as hex; repeatable. Without --hex or --file, packets are read from stdin")
    parser.add_argument("--file", help="a file of packets, one hex packet per line")
    parser.add_argument("--listen", type=float, default=1.0, metavar="SECONDS",
                        help="how long to keep listening after the last packet is sent (default 1)")
    parser.add_argument("--rate", type=float, default=20000.0, metavar="PPS",
                        help="send at most this many packets per second, so that the device's queue "
                             "(txqueuelen) does not overflow (default 20000; 0 means no limit)")
    args = parser.parse_args(argv)

    if args.hex:
        packets = list(parse_hex_lines(args.hex))
    elif args.file:
        with open(args.file) as f:
            packets = list(parse_hex_lines(f))
    else:
        # Sent as each line arrives, so that the caller can pace them (wait for the reader to catch up, say);
        # what comes back meanwhile waits in the socket's receive buffer.
        packets = parse_hex_lines(sys.stdin)

    try:
        injector = Injector(args.device, args.frames)
    except OSError as e:
        print(f"tuninject: cannot bind an AF_PACKET socket to {args.device}: {e.strerror}", file=sys.stderr)
        return 2

    out = sys.stdout
    out.write("ready\n")
    out.flush()
    errors = 0
    sent = 0
    dropped_before = read_tx_dropped(args.device)
    interval = 1.0 / args.rate if args.rate > 0 else 0.0
    start = time.monotonic()
    try:
        for index, packet in enumerate(packets):
            if interval:
                wait = start + index * interval - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
            failure = injector.send(packet)
            sent += 1
            if failure is not None:
                errors += 1
                name = errno.errorcode.get(failure.errno, str(failure.errno))
                out.write(f"error {index} {name} {failure.strerror}\n")
                out.flush()
            injector.drain()
        injector.listen(args.listen)
        rx_dropped = injector.receive_dropped()
    finally:
        injector.close()
    dropped_after = read_tx_dropped(args.device)

    for packet in injector.received:
        out.write(f"rx {packet.hex()}\n")
    tx_dropped = dropped_after - dropped_before if None not in (dropped_before, dropped_after) else -1
    out.write(f"summary sent={sent - errors} errors={errors} received={len(injector.received)} "
              f"tx_dropped={tx_dropped} rx_dropped={rx_dropped}\n")
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
