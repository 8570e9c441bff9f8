package io.tunstack.it.tap;

import io.tunstack.it.support.NetworkNamespace;
import io.tunstack.it.support.Prerequisites;
import io.tunstack.it.support.TunstackProcess;
import java.util.ArrayList;
import java.util.List;

/**
 * A small Ethernet LAN in two network namespaces of the test's own, as the README's bridge recipe builds it:
 *
 * <pre>
 *   namespace A ("tunstack-tap-a-PID")                  namespace B ("tunstack-tap-b-PID")
 *   tunstack --tap ── tap0 ─┐
 *                           ├─ br0 (bridge) ── va ═══════ vb  172.21.22.200/24, fd00:172:21:22::200/64,
 *                                                               MAC 02:00:ac:15:16:c8
 * </pre>
 *
 * <p>tap0 is made first, persistent, as a port of the bridge ({@code ip tuntap add}, {@code ip link set tap0 master
 * br0}); tunstack then attaches to it and configures it as usual. So the device is on the bridge before tunstack
 * sends its first frame ({@code --announce} reaches B). tunstack answers the lower half of the subnet
 * ({@link #ANSWER}); B's own addresses lie in the upper half, so that tunstack never claims them (B's duplicate address
 * detection would fail otherwise). B reaches the virtual hosts directly, as Ethernet neighbours: no route, no
 * forwarding. {@link #close()} stops tunstack and deletes both namespaces, which removes every device in them.
 */
final class TapLan implements AutoCloseable {

    static final String DEVICE = "tap0";
    static final String BRIDGE = "br0";
    /** A's end of the veth pair, a port of the bridge. */
    static final String BRIDGE_PORT = "va";
    /** B's end of the veth pair: B's only interface. */
    static final String PEER_DEVICE = "vb";
    /** B's MAC, fixed so that the frames a test builds can name it. */
    static final String PEER_MAC = "02:00:ac:15:16:c8";
    static final String PEER_IPV4 = "172.21.22.200";
    static final String PEER_IPV6 = "fd00:172:21:22::200";
    /** What tunstack answers: the lower half of each subnet (the kernel's own .23 and ::23 are never answered). */
    static final String ANSWER = "172.21.22.1-172.21.22.127,fd00:172:21:22::1-fd00:172:21:22::7f";

    private final NetworkNamespace tunstackSide;
    private final NetworkNamespace peer;
    private TunstackProcess tunstack;

    private TapLan(NetworkNamespace tunstackSide, NetworkNamespace peer) {
        this.tunstackSide = tunstackSide;
        this.peer = peer;
    }

    /** Everything the LAN needs beyond network namespaces: the bridge and veth drivers are the kernel's. */
    static void requirePrerequisites() {
        Prerequisites.requireNetworkNamespaces();
        Prerequisites.requireCommands("bridge");
    }

    /**
     * Builds the LAN; with {@code peerSysctls} ({@code net.ipv4.conf.vb.arp_accept=1}, ...) set in B once vb exists.
     * Deletes what it made if a step fails.
     */
    static TapLan create(String... peerSysctls) {
        NetworkNamespace a = NetworkNamespace.create("tap-a");
        NetworkNamespace b = null;
        try {
            b = NetworkNamespace.create("tap-b");
            a.runOrFail("ip", "tuntap", "add", "dev", DEVICE, "mode", "tap");
            // No STP, no forwarding delay: a port forwards at once. No multicast snooping: tunstack's hosts join no
            // multicast group (no MLD reports), so a snooping bridge with a querier would keep neighbour
            // solicitations to their solicited-node groups from tap0.
            a.runOrFail("ip", "link", "add", BRIDGE, "type", "bridge", "stp_state", "0", "forward_delay", "0",
                    "mcast_snooping", "0");
            a.runOrFail("ip", "link", "set", DEVICE, "master", BRIDGE);
            a.runOrFail("ip", "link", "add", BRIDGE_PORT, "type", "veth", "peer", "name", PEER_DEVICE, "netns",
                    b.name());
            a.runOrFail("ip", "link", "set", BRIDGE_PORT, "master", BRIDGE, "up");
            a.runOrFail("ip", "link", "set", BRIDGE, "up");
            if (peerSysctls.length > 0) {
                List<String> sysctl = new ArrayList<>(List.of("sysctl", "-q", "-w"));
                sysctl.addAll(List.of(peerSysctls));
                b.runOrFail(sysctl.toArray(String[]::new));
            }
            b.runOrFail("ip", "link", "set", PEER_DEVICE, "address", PEER_MAC);
            b.runOrFail("ip", "addr", "add", PEER_IPV4 + "/24", "dev", PEER_DEVICE);
            // nodad: usable at once; tunstack does not answer it, so duplicate address detection would pass anyway.
            b.runOrFail("ip", "addr", "add", PEER_IPV6 + "/64", "dev", PEER_DEVICE, "nodad");
            b.runOrFail("ip", "link", "set", PEER_DEVICE, "up");
            return new TapLan(a, b);
        } catch (RuntimeException | Error e) {
            if (b != null) {
                b.close();
            }
            a.close();
            throw e;
        }
    }

    /** Starts tunstack in A on tap0 with {@code --tap --answer ANSWER} and {@code args}; waits for its ready line. */
    TunstackProcess startTunstack(String... args) throws InterruptedException {
        return startTunstackAnswering(ANSWER, args);
    }

    /** Starts tunstack in A on tap0 with {@code --tap --answer answer} and {@code args}; waits for its ready line. */
    TunstackProcess startTunstackAnswering(String answer, String... args) throws InterruptedException {
        List<String> all = new ArrayList<>(List.of("--tap", "--device", DEVICE, "--answer", answer));
        all.addAll(List.of(args));
        tunstack = TunstackProcess.startReady(tunstackSide, all.toArray(String[]::new));
        return tunstack;
    }

    /** The namespace of tunstack, tap0 and the bridge. */
    NetworkNamespace tunstackSide() {
        return tunstackSide;
    }

    /** The namespace of the neighbour, B. */
    NetworkNamespace peer() {
        return peer;
    }

    /** Stops tunstack if it runs, then deletes both namespaces, each even if a step before failed. */
    @Override
    public void close() {
        try {
            if (tunstack != null) {
                tunstack.close();
            }
        } finally {
            try {
                peer.close();
            } finally {
                tunstackSide.close();
            }
        }
    }
}
