package io.tunstack.it.container;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Device;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.Slf4jLogConsumer;

/**
 * A container of the tunstack image, run the way docs/CONTAINERS.md tells a user to:
 * {@code docker run --cap-add NET_ADMIN --device /dev/net/tun tunstack}, with no other privilege.
 *
 * <p>The container has no network but its own loopback and the tun device tunstack creates ({@code --network none}):
 * every ping stays inside the container's namespace.
 */
final class TunstackContainer extends GenericContainer<TunstackContainer> {

    /** How long docker stop waits after SIGTERM before it sends SIGKILL. */
    static final Duration STOP_GRACE = Duration.ofSeconds(10);

    /**
     * {@code docker run --sysctl net.ipv6.conf.all.disable_ipv6=0 --sysctl net.ipv6.conf.default.disable_ipv6=0}:
     * Docker turns IPv6 off in a container whose network has no IPv6 ({@code none} included); tun0 gets its IPv6
     * address only when these say otherwise.
     */
    private static final Map<String, String> IPV6_ON = Map.of(
            "net.ipv6.conf.all.disable_ipv6", "0",
            "net.ipv6.conf.default.disable_ipv6", "0");

    private TunstackContainer(boolean netAdmin, boolean ipv6) {
        this();
        withCreateContainerCmdModifier(create -> {
            if (netAdmin) {
                create.getHostConfig().withCapAdd(Capability.NET_ADMIN);
            }
            if (ipv6) {
                create.getHostConfig().withSysctls(IPV6_ON);
            }
        });
    }

    /** With /dev/net/tun, no network but its own, and the image's own defaults otherwise. */
    private TunstackContainer() {
        super(TunstackImage.get());
        withNetworkMode("none");
        withLogConsumer(new Slf4jLogConsumer(LoggerFactory.getLogger("tunstack-container")));
        withCreateContainerCmdModifier(create -> create.getHostConfig().withDevices(Device.parse("/dev/net/tun")));
    }

    /** With NET_ADMIN and /dev/net/tun: what tunstack needs. */
    static TunstackContainer withNetAdmin() {
        return new TunstackContainer(true, false);
    }

    /** With NET_ADMIN, /dev/net/tun and IPv6 switched on in the container: tunstack answers both families. */
    static TunstackContainer withNetAdminAndIpv6() {
        return new TunstackContainer(true, true);
    }

    /**
     * The hardened line of docs/CONTAINERS.md: {@code --cap-drop ALL --cap-add NET_ADMIN --cap-add SETUID --cap-add
     * SETGID --security-opt no-new-privileges --read-only --device /dev/net/tun}: no capability but those that
     * create the device and give root up, and a root file system nobody can write.
     */
    static TunstackContainer hardened() {
        return hardened(true);
    }

    /**
     * As {@link #hardened()}, or with {@code setUid} false without SETUID and SETGID: {@code --cap-drop ALL --cap-add
     * NET_ADMIN --read-only}, where the image's {@code --user} cannot give root up.
     */
    static TunstackContainer hardened(boolean setUid) {
        TunstackContainer container = new TunstackContainer();
        container.withCreateContainerCmdModifier(create -> {
            create.getHostConfig().withCapDrop(Capability.ALL).withReadonlyRootfs(true)
                    .withSecurityOpts(List.of("no-new-privileges"));
            create.getHostConfig().withCapAdd(setUid
                    ? new Capability[] {Capability.NET_ADMIN, Capability.SETUID, Capability.SETGID}
                    : new Capability[] {Capability.NET_ADMIN});
        });
        return container;
    }

    /**
     * Never root, NET_ADMIN alone: {@code --user tunstack --cap-drop ALL --cap-add NET_ADMIN --read-only --device
     * NODE:/dev/net/tun}, where NODE is a TUN node the user may open (as a distribution's mode 0666 node is). The
     * Java launcher's file capability gives CAP_NET_ADMIN; no-new-privileges would keep it from being granted.
     */
    static TunstackContainer asUserWithNetAdminOnly(java.nio.file.Path tunNode) {
        TunstackContainer container = new TunstackContainer();
        container.withCreateContainerCmdModifier(create -> {
            create.withUser("tunstack");
            create.getHostConfig().withCapDrop(Capability.ALL).withCapAdd(Capability.NET_ADMIN)
                    .withReadonlyRootfs(true).withDevices(Device.parse(tunNode + ":/dev/net/tun"));
        });
        return container;
    }

    /** With /dev/net/tun but without NET_ADMIN: the negative control. */
    static TunstackContainer withoutNetAdmin() {
        return new TunstackContainer(false, false);
    }

    /** Sends SIGTERM as {@code docker stop} does and waits for the container to exit; it is not removed. */
    void stopGracefully() {
        getDockerClient().stopContainerCmd(getContainerId()).withTimeout((int) STOP_GRACE.toSeconds()).exec();
    }

    /** The exit code of a container that has stopped. */
    long exitCode() {
        return getCurrentContainerInfo().getState().getExitCodeLong();
    }

    /** Everything the container wrote to stdout and stderr so far, one entry per line. */
    List<String> logLines() {
        return getLogs().lines().toList();
    }
}
