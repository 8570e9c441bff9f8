/**
 * tunstack as a host that real clients probe: {@code traceroute}, {@code nmap}, {@code nc} and {@code hping3} run
 * inside a network namespace that each test class creates and deletes, against UDP and TCP ports that are closed
 * (ICMP Port Unreachable, TCP reset) or opened with {@code --open}; the ICMP error rate limits and a SYN flood are
 * judged by tunstack's own counters and by what the client side receives.
 *
 * <p>Every class needs root, {@code /dev/net/tun} and its tools; without them these tests skip, or fail when
 * {@code CI=true} (see {@link io.tunstack.it.support.Prerequisites}).
 */
package io.tunstack.it.hostlike;
