#!/usr/bin/env python3
"""Checks tuninject against the Linux kernel, with no tunstack involved: this test holds the tun fd itself.

It moves this process into a fresh network namespace (unshare(CLONE_NEWNET)), which disappears when the process
exits, and creates the TUN device there. Nothing touches the machine's own namespace. Needs root and
/dev/net/tun; otherwise every test is skipped. Run: python3 tools/inject/test_tuninject.py
"""

import ctypes
import fcntl
import os
import re
import select
import socket
import struct
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
TOOL = os.path.join(HERE, "tuninject.py")

CLONE_NEWNET = 0x40000000
TUNSETIFF = 0x400454CA
IFF_TUN = 0x0001
IFF_NO_PI = 0x1000
DEVICE = "tun0"
OWN = "172.21.22.23"
PEER = "172.21.22.26"


def checksum(data):
    """RFC 1071 internet checksum: one's complement of the one's complement sum of 16-bit words."""
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def echo(src, dst, icmp_type=8, ident=0x4CAF, seq=1, data=b"tuninject"):
    """An IPv4 ICMP echo message with correct checksums."""
    icmp = struct.pack("!BBHHH", icmp_type, 0, 0, ident, seq) + data
    icmp = icmp[:2] + struct.pack("!H", checksum(icmp)) + icmp[4:]
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(icmp), 0x950D, 0, 64, 1, 0,
                         socket.inet_aton(src), socket.inet_aton(dst))
    header = header[:10] + struct.pack("!H", checksum(header)) + header[12:]
    return header + icmp


def run_tool(*args, listen="0.5"):
    """Starts tuninject; packets come from --hex arguments, or none at all (its stdin is empty)."""
    return subprocess.Popen([sys.executable, TOOL, "--device", DEVICE, "--listen", listen, *args],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def await_ready(process):
    """Waits for the tool's "ready" line: its socket is bound, so nothing written from now on is missed."""
    line = process.stdout.readline()
    if line.strip() != "ready":
        raise AssertionError(f"tuninject did not start: {line!r} {process.stderr.read()}")


def finish(process):
    out, err = process.communicate(timeout=30)
    if process.returncode != 0:
        raise AssertionError(f"tuninject exited {process.returncode}: {err}")
    lines = out.splitlines()
    received = [bytes.fromhex(line[3:]) for line in lines if line.startswith("rx ")]
    errors = [line for line in lines if line.startswith("error ")]
    summary = [line for line in lines if line.startswith("summary ")]
    return received, errors, summary


def prerequisites():
    if os.geteuid() != 0:
        return "needs root (a network namespace and a TUN device)"
    if not os.path.exists("/dev/net/tun"):
        return "/dev/net/tun is missing (modprobe tun)"
    return None


@unittest.skipIf(prerequisites(), prerequisites())
class TunInjectAgainstKernel(unittest.TestCase):
    tun = None

    @classmethod
    def setUpClass(cls):
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.unshare(CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), "unshare(CLONE_NEWNET)")
        # From here on this process, and every child it starts, is in a namespace of its own.
        for setting in ("all", "default"):  # no IPv6 router solicitations on the device
            with open(f"/proc/sys/net/ipv6/conf/{setting}/disable_ipv6", "w") as f:
                f.write("1\n")
        cls.tun = os.open("/dev/net/tun", os.O_RDWR)
        fcntl.ioctl(cls.tun, TUNSETIFF, struct.pack("16sH22x", DEVICE.encode(), IFF_TUN | IFF_NO_PI))
        subprocess.run(["ip", "addr", "add", f"{OWN}/24", "dev", DEVICE], check=True)
        subprocess.run(["ip", "link", "set", DEVICE, "up"], check=True)

    @classmethod
    def tearDownClass(cls):
        if cls.tun is not None:
            os.close(cls.tun)

    def read_tun(self, timeout=2.0):
        readable, _, _ = select.select([self.tun], [], [], timeout)
        return os.read(self.tun, 65535) if readable else None

    def drain_tun(self):
        while self.read_tun(0.05) is not None:
            pass

    def test_sent_packets_reach_the_tun_reader_byte_for_byte(self):
        self.drain_tun()
        packets = [echo(OWN, PEER), b"\x45", bytes(range(256)) * 5, b"\x60" + bytes(47)]
        tool = run_tool(*[arg for p in packets for arg in ("--hex", p.hex())])
        read = [self.read_tun() for _ in packets]
        received, errors, summary = finish(tool)
        self.assertEqual([], errors)
        self.assertEqual(packets, read, "the tun reader must get exactly the injected bytes, in order")
        self.assertEqual([], received, "nothing was written to the tun fd, so nothing may come back")
        self.assertRegex(summary[0], r"sent=4 errors=0 received=0 tx_dropped=0 rx_dropped=0")

    def test_packets_written_to_the_tun_fd_are_reported_and_the_kernel_answers_them(self):
        self.drain_tun()
        request = echo(PEER, OWN, ident=0x1234)
        tool = run_tool(listen="1.0")
        await_ready(tool)
        # Stand in for tunstack: write a request to the kernel's own address into the device.
        os.write(self.tun, request)
        kernel_reply = self.read_tun()
        received, errors, _ = finish(tool)
        self.assertEqual([request], received, "what the reader writes is seen as incoming, byte for byte")
        self.assertIsNotNone(kernel_reply, "the kernel answers a request written into the device")
        self.assertEqual(0, kernel_reply[20], "the kernel's answer is an echo reply (type 0)")
        self.assertEqual(socket.inet_aton(OWN), kernel_reply[12:16])
        self.assertEqual(request[24:], kernel_reply[24:], "identifier, sequence and data are echoed")

    def test_ipv6_packets_written_to_the_tun_fd_are_reported_byte_for_byte(self):
        self.drain_tun()
        # IPv6 is off in this namespace, but the socket sees what the reader writes before the IP layer judges it:
        # an IPv6 echo reply (version 6, ICMPv6 type 129) as tunstack would write it.
        packet = bytes.fromhex("6000000000103a40" + "fd000172002100220000000000000026"
                               + "fd000172002100220000000000000023" + "8100000012340001" + "6869213f21212121")
        tool = run_tool(listen="1.0")
        await_ready(tool)
        os.write(self.tun, packet)
        received, errors, _ = finish(tool)
        self.assertEqual([], errors)
        self.assertEqual([packet], received, "an IPv6 packet the reader writes is seen, byte for byte")

    def test_kernel_own_outgoing_packets_are_not_reported(self):
        self.drain_tun()
        tool = run_tool(listen="1.5")
        await_ready(tool)
        # The kernel pings an address routed to tun0; nobody answers. The tool must not mistake the
        # kernel's own request for something the reader wrote.
        subprocess.run(["ping", "-c", "1", "-W", "1", PEER], stdout=subprocess.DEVNULL)
        kernel_request = self.read_tun()
        received, _, _ = finish(tool)
        self.assertIsNotNone(kernel_request, "the kernel's ping left through the device")
        self.assertEqual(8, kernel_request[20])
        self.assertEqual([], received)

    def test_a_packet_the_kernel_refuses_to_send_is_reported_as_an_error(self):
        self.drain_tun()
        too_big = echo(OWN, PEER, data=bytes(3000))  # larger than the device MTU (1500)
        received, errors, summary = finish(run_tool("--hex", too_big.hex()))
        self.assertEqual(1, len(errors), "an unsent packet must never pass silently")
        self.assertRegex(errors[0], r"^error 0 EMSGSIZE ")
        self.assertRegex(summary[0], r"sent=0 errors=1")

    def test_packets_from_stdin_are_sent_as_their_lines_arrive(self):
        self.drain_tun()
        first, second = echo(OWN, PEER, seq=1), echo(OWN, PEER, seq=2)
        tool = subprocess.Popen([sys.executable, TOOL, "--device", DEVICE, "--listen", "0.2"],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        tool.stdin.write(first.hex() + "\n")
        tool.stdin.flush()
        self.assertEqual(first, self.read_tun(), "the first packet goes out before the second line is written")
        tool.stdin.write(second.hex() + "\n")
        tool.stdin.close()
        self.assertEqual(second, self.read_tun())
        out = tool.stdout.read()
        tool.wait(timeout=30)
        tool.stdout.close()
        tool.stderr.close()
        self.assertIn("summary sent=2 errors=0 received=0 tx_dropped=0 rx_dropped=0", out)

    def test_packets_the_device_queue_drops_are_counted(self):
        self.drain_tun()
        # Nobody reads the tun fd while 700 packets go out: the device's queue (txqueuelen 500) overflows.
        packets = "".join(echo(OWN, PEER, seq=n).hex() + "\n" for n in range(700))
        result = subprocess.run([sys.executable, TOOL, "--device", DEVICE, "--rate", "0", "--listen", "0.1"],
                                input=packets, capture_output=True, text=True, timeout=30, check=True)
        self.drain_tun()
        summary = [line for line in result.stdout.splitlines() if line.startswith("summary ")][0]
        self.assertRegex(summary, r"sent=700 errors=0 ")
        dropped = int(re.search(r"tx_dropped=(\d+)", summary).group(1))
        self.assertGreater(dropped, 0, f"an overflowing queue must show in tx_dropped: {summary}")


if __name__ == "__main__":
    unittest.main(verbosity=2)
