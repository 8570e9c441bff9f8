package io.tunstack.it.container;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Device;
import com.github.dockerjava.api.model.Network.Ipam;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.output.Slf4jLogConsumer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The README's container recipe: a container on a Docker bridge network reaches the virtual hosts that tunstack
 * serves on a tap joined to that network, as Ethernet neighbours.
 *
 * <pre>
 *   container "tunstack" (NET_ADMIN, /dev/net/tun)             container "client" (NET_ADMIN for its address)
 *   tunstack --tap ── tap0 ─┐                                   eth0 172.21.22.200/24, fd00:172:21:22::200/64
 *                           ├─ br0 ── eth0 ═══ Docker bridge ═══ eth0
 * </pre>
 *
 * <p>Nothing is configured in the machine's own namespace: the Docker network's bridge gets no address
 * ({@code com.docker.network.bridge.inhibit_ipv4}), so there is no route to it and no way out of it, and no NAT rule
 * ({@code enable_ip_masquerade=false}); its subnet, {@link #DOCKER_SUBNET}, is only Docker's bookkeeping for the
 * containers' own eth0. The virtual subnet 172.21.22.0/24 lives inside the two containers alone: on tap0 in the first
 * (tunstack configures it there), and as the client's own address, which it adds in its own namespace. The network
 * is not {@code --internal}: Docker's isolation rules for an internal network drop every packet whose addresses lie
 * outside its subnet, and where the kernel hands bridged packets to iptables ({@code br_netfilter},
 * {@code bridge-nf-call-iptables=1}) that includes the pings between the client and the virtual hosts. The network and
 * both containers are removed afterwards.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // the first build of the image installs a JRE
class TapBridgeInContainerIT {

    /** Docker's subnet for the containers' eth0, chosen apart from the virtual one and from common LANs. */
    private static final String DOCKER_SUBNET = "10.213.73.0/24";

    /** Docker turns IPv6 off in a container whose network has none; the virtual hosts answer it all the same. */
    private static final Map<String, String> IPV6_ON = Map.of(
            "net.ipv6.conf.all.disable_ipv6", "0",
            "net.ipv6.conf.default.disable_ipv6", "0");

    /**
     * The tunstack container's start: tap0, persistent, and the container's eth0 as ports of one bridge, then
     * tunstack on tap0, answering the lower half of the subnet (the client sits in the upper half), as the user
     * tunstack. The same lines as the README's.
     */
    private static final String TUNSTACK_ON_A_BRIDGE = String.join(" && ",
            "ip tuntap add dev tap0 mode tap",
            "ip link add br0 type bridge stp_state 0 forward_delay 0 mcast_snooping 0",
            "ip link set tap0 master br0",
            "ip link set eth0 master br0",
            "ip link set br0 up",
            "exec /opt/tunstack/tunstack --user tunstack --tap"
                    + " --answer 172.21.22.1-172.21.22.127,fd00:172:21:22::1-fd00:172:21:22::7f");

    /** The client's start: its own address in each family of the virtual subnet, in its own namespace. */
    private static final String CLIENT = String.join(" && ",
            "ip addr add 172.21.22.200/24 dev eth0",
            "ip addr add fd00:172:21:22::200/64 dev eth0 nodad",
            "echo client configured",
            "exec sleep infinity");

    @BeforeEach
    void requireDocker() { // per test, so that each skip is counted and says why
        ContainerPrerequisites.requireDocker();
    }

    @Test
    void aContainerOnTheDockerNetworkPingsTheVirtualHostsAndSeesTheirMacs() throws Exception {
        try (Network network = Network.builder()
                        .driver("bridge")
                        .createNetworkCmdModifier(create -> create
                                .withOptions(Map.of("com.docker.network.bridge.inhibit_ipv4", "true",
                                        "com.docker.network.bridge.enable_ip_masquerade", "false"))
                                .withIpam(new Ipam().withConfig(new Ipam.Config().withSubnet(DOCKER_SUBNET))))
                        .build();
                GenericContainer<?> tunstack = container(network, TUNSTACK_ON_A_BRIDGE, true, "tunstack-tap")
                        .waitingFor(new ReadyLineWait(TunstackOutput.READY)
                                .withStartupTimeout(Duration.ofSeconds(60)));
                GenericContainer<?> client = container(network, CLIENT, false, "tunstack-tap-client")
                        .waitingFor(Wait.forLogMessage(".*client configured.*", 1)
                                .withStartupTimeout(Duration.ofSeconds(60)))) {
            tunstack.start();
            client.start();

            ExecResult ipv4 = client.execInContainer("ping", "-c", "4", "-W", "2", "172.21.22.26");
            ExecResult other = client.execInContainer("ping", "-c", "4", "-W", "2", "172.21.22.99");
            ExecResult ipv6 = client.execInContainer("ping", "-6", "-c", "4", "-W", "2", "fd00:172:21:22::26");
            ExecResult neighbours = client.execInContainer("ip", "neigh", "show", "dev", "eth0");

            String logs = "\ntunstack:\n" + tunstack.getLogs();
            assertAll(
                    () -> assertEquals(0, ipv4.getExitCode(), () -> ipv4.getStdout() + ipv4.getStderr() + logs),
                    () -> assertTrue(ipv4.getStdout().contains("4 packets transmitted, 4 received, 0% packet loss"),
                            ipv4::getStdout),
                    () -> assertTrue(other.getStdout().contains("4 packets transmitted, 4 received, 0% packet loss"),
                            other::getStdout),
                    () -> assertTrue(ipv6.getStdout().contains("4 packets transmitted, 4 received, 0% packet loss"),
                            () -> ipv6.getStdout() + ipv6.getStderr() + logs),
                    () -> assertTrue(neighbours.getStdout().contains("172.21.22.26 lladdr 02:54:ac:15:16:1a"),
                            neighbours::getStdout),
                    () -> assertTrue(neighbours.getStdout().contains("172.21.22.99 lladdr 02:54:ac:15:16:63"),
                            neighbours::getStdout),
                    () -> assertTrue(neighbours.getStdout().contains("fd00:172:21:22::26 lladdr 02:56:00:00:00:26"),
                            neighbours::getStdout));
        }
    }

    /**
     * A container of the tunstack image on {@code network} running {@code script} with NET_ADMIN (the client's too:
     * it adds its own address), IPv6 on, and {@code /dev/net/tun} for tunstack.
     */
    private static GenericContainer<?> container(Network network, String script, boolean tun, String logName) {
        GenericContainer<?> container = new GenericContainer<>(TunstackImage.get());
        container.withNetwork(network)
                .withLogConsumer(new Slf4jLogConsumer(LoggerFactory.getLogger(logName)))
                .withCreateContainerCmdModifier(create -> {
                    create.withEntrypoint("/bin/sh", "-c", script);
                    create.getHostConfig().withCapAdd(Capability.NET_ADMIN).withSysctls(IPV6_ON);
                    if (tun) {
                        create.getHostConfig().withDevices(Device.parse("/dev/net/tun"));
                    }
                });
        return container;
    }
}
