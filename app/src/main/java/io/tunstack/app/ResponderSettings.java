package io.tunstack.app;

import io.tunstack.device.LinkType;
import io.tunstack.stack.address.AddressSet;
import io.tunstack.stack.address.InterfaceAddress;
import io.tunstack.stack.address.IpFamily;
import io.tunstack.stack.config.OpenPorts;
import io.tunstack.stack.config.StackConfig.RateLimit;
import io.tunstack.stack.config.StackConfig;
import io.tunstack.stack.profile.ProfileSource;
import java.util.List;

/**
 * Everything the command line decided, checked: which device, how to set it up, and what the stack answers.
 *
 * @param deviceName the TUN or TAP device to create or attach to
 * @param linkType {@link LinkType#RAW_IP} for a TUN device, {@link LinkType#ETHERNET} for a TAP device
 * @param announce whether the answered addresses are announced once at start (gratuitous ARP, unsolicited NA); TAP only
 * @param addresses the device's own addresses with their prefixes, at most one per family
 * @param configure whether tunstack assigns the addresses, sets the MTU and brings the link up itself; {@code false}
 *     attaches to a device that is already configured and uses its MTU
 * @param mtu the MTU to set when {@code configure}
 * @param queues how many device queues, each with its own worker thread; more than one uses {@code IFF_MULTI_QUEUE}
 * @param answer the addresses that answer, or {@code null} for the stack's default (the unicast addresses of each
 *     prefix except our own)
 * @param answerBroadcast whether echo requests to the subnet broadcast are answered
 * @param echoRateLimit the per-source limit on echo replies, or {@code null} for none (the default, as Linux)
 * @param icmpErrorRate the token bucket of the ICMP errors tunstack sends (Linux icmp_msgs_per_sec/_burst)
 * @param openPorts the UDP and TCP ports open on every answered address; every other port is closed
 */
record ResponderSettings(
        String deviceName,
        LinkType linkType,
        boolean announce,
        List<InterfaceAddress> addresses,
        boolean configure,
        boolean force,
        int mtu,
        int queues,
        AddressSet answer,
        boolean answerBroadcast,
        boolean answerMulticast,
        RateLimit echoRateLimit,
        RateLimit icmpErrorRate,
        OpenPorts openPorts,
        Owner user) {

    ResponderSettings {
        addresses = List.copyOf(addresses);
    }

    /** Whether the device is a TAP device: Ethernet frames, ARP and neighbour discovery. */
    boolean tap() {
        return linkType == LinkType.ETHERNET;
    }

    /** Whether the device is opened with {@code IFF_MULTI_QUEUE}. */
    boolean multiQueue() {
        return queues > 1;
    }

    /** The device's address of {@code family}, or {@code null}. */
    InterfaceAddress address(IpFamily family) {
        for (InterfaceAddress address : addresses) {
            if (address.family() == family) {
                return address;
            }
        }
        return null;
    }

    /**
     * The stack's configuration for a link of {@code linkMtu}.
     *
     * @throws IllegalArgumentException with a one-line message when the settings contradict each other
     */
    /** These settings with {@code own} as the device's addresses. */
    ResponderSettings withAddresses(List<InterfaceAddress> own) {
        return new ResponderSettings(deviceName, linkType, announce, own, configure, force, mtu, queues, answer,
                answerBroadcast, answerMulticast, echoRateLimit, icmpErrorRate, openPorts, user);
    }

    /** These settings without the address of {@code family}: a device on which that family is not available. */
    ResponderSettings without(IpFamily family) {
        List<InterfaceAddress> kept = addresses.stream().filter(address -> address.family() != family).toList();
        AddressSet answered = answer == null ? null : answer.only(family == IpFamily.IPV4 ? IpFamily.IPV6 : IpFamily.IPV4);
        return new ResponderSettings(deviceName, linkType, announce, kept, configure, force, mtu, queues, answered,
                answerBroadcast, answerMulticast, echoRateLimit, icmpErrorRate, openPorts, user);
    }

    StackConfig stackConfig(int linkMtu) {
        return stackConfig(linkMtu, ProfileSource.NONE, null);
    }

    /**
     * The stack's configuration for a link of {@code linkMtu}, with the hosts' profiles from {@code profiles} and the
     * seed of their random choices ({@code null}: drawn at start-up).
     */
    StackConfig stackConfig(int linkMtu, ProfileSource profiles, Long seed) {
        StackConfig.Builder builder = StackConfig.builder()
                .profiles(profiles)
                .seed(seed)
                .answerBroadcast(answerBroadcast)
                .answerMulticast(answerMulticast)
                .mtu(linkMtu)
                .icmpErrorRate(icmpErrorRate.perSecond(), icmpErrorRate.burst())
                .echoRateLimit(echoRateLimit)
                .openPorts(openPorts);
        for (InterfaceAddress address : addresses) {
            builder.address(address);
        }
        if (answer != null) {
            builder.answered(answer);
        }
        return builder.build();
    }
}
