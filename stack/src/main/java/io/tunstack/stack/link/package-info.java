/**
 * The link layer in front of {@link io.tunstack.stack.NetworkStack}: what the worker holds. On a TUN device
 * ({@link io.tunstack.stack.link.RawIpLayer}) packets are raw IP and go straight to the stack; on a TAP device
 * ({@link io.tunstack.stack.link.EthernetLayer}) they are Ethernet frames: the layer filters them by destination,
 * answers ARP for the virtual hosts ({@link io.tunstack.stack.link.ArpResponder}) and hands NDP to
 * {@link io.tunstack.stack.link.NeighborDiscovery}, strips the header on the way in and writes one on the way out, with
 * each host's MAC ({@link io.tunstack.stack.link.HostMacs}) and the neighbours' from the
 * {@link io.tunstack.stack.link.NeighbourCache}, resolving unknown ones first.
 *
 * <p>Specifications: <a href="https://www.rfc-editor.org/rfc/rfc894">RFC 894</a> (IP over Ethernet),
 * <a href="https://www.rfc-editor.org/rfc/rfc826">RFC 826</a> (ARP),
 * <a href="https://www.rfc-editor.org/rfc/rfc5227">RFC 5227</a> (ARP probes and announcements),
 * <a href="https://www.rfc-editor.org/rfc/rfc1122">RFC 1122</a> 2.3.2 (ARP cache and queueing),
 * <a href="https://www.rfc-editor.org/rfc/rfc2464">RFC 2464</a> (IPv6 over Ethernet),
 * <a href="https://www.rfc-editor.org/rfc/rfc4861">RFC 4861</a> (Neighbor Discovery). Where they leave a choice,
 * the layer does what Linux does ({@code arp_process}, {@code neigh_*}), said beside each rule.
 */
package io.tunstack.stack.link;
