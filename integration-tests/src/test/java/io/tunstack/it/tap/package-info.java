/**
 * TAP mode end to end: tunstack with {@code --tap} on a Linux bridge in one network namespace, and a neighbour on
 * that bridge in another ({@link io.tunstack.it.tap.TapLan}), both created and deleted by the tests. The neighbour
 * reaches the virtual hosts as Ethernet neighbours: ping, arping, ndisc6 and ip neigh, as on a real LAN.
 *
 * <p>Needs root, {@code /dev/net/tun} and the bridge and veth drivers; {@code arping} (iputils-arping) and
 * {@code ndisc6} for the tests that use them. Without them the tests skip, or fail when {@code CI=true}
 * ({@link io.tunstack.it.support.Prerequisites}).
 */
package io.tunstack.it.tap;
