package io.tunstack.stack.wire;

import io.tunstack.stack.address.Ipv4Address;
import io.tunstack.stack.address.MacAddress;
import io.tunstack.stack.verdict.DropReason;

/**
 * An ARP request or reply for Ethernet and IPv4 as a value (smoltcp's {@code ArpRepr}): for tests and traces, where
 * readability beats speed. The ARP responder stays on {@link ArpPacket}.
 *
 * @param operation {@link ArpPacket#OPERATION_REQUEST} or {@link ArpPacket#OPERATION_REPLY}
 * @param senderMac ar$sha, 48 bits
 * @param senderIp ar$spa
 * @param targetMac ar$tha, 48 bits (zero in a request, where it is unknown)
 * @param targetIp ar$tpa
 */
public record ArpRepr(int operation, long senderMac, int senderIp, long targetMac, int targetIp) {

    /** The length of the emitted packet: 28 bytes. */
    public int bufferLength() {
        return ArpPacket.LENGTH;
    }

    /** Writes this packet into {@code packet} (wrapped over at least 28 bytes): every field. */
    public void emit(ArpPacket packet) {
        packet.setEthernetIpv4(operation);
        packet.setSenderHardwareAddress(senderMac);
        packet.setSenderProtocolAddress(senderIp);
        packet.setTargetHardwareAddress(targetMac);
        packet.setTargetProtocolAddress(targetIp);
    }

    /**
     * Parses an Ethernet/IPv4 request or reply.
     *
     * @throws IllegalArgumentException saying what is wrong otherwise (Reprs are for tests and traces, not the packet
     *     path, which counts drops instead)
     */
    public static ArpRepr parse(ArpPacket packet) {
        DropReason length = packet.checkLength();
        if (length != null) {
            throw new IllegalArgumentException("not an ARP packet: " + length.description());
        }
        if (packet.hardwareType() != ArpPacket.HARDWARE_ETHERNET || packet.protocolType() != EtherType.IPV4
                || packet.hardwareLength() != ArpPacket.ETHERNET_ADDRESS_LENGTH
                || packet.protocolLength() != ArpPacket.IPV4_ADDRESS_LENGTH) {
            throw new IllegalArgumentException("ARP for hardware type " + packet.hardwareType() + ", protocol type 0x"
                    + Integer.toHexString(packet.protocolType()) + ", lengths " + packet.hardwareLength() + "/"
                    + packet.protocolLength() + " (expected: Ethernet 1, IPv4 0x800, 6/4)");
        }
        int operation = packet.operation();
        if (operation != ArpPacket.OPERATION_REQUEST && operation != ArpPacket.OPERATION_REPLY) {
            throw new IllegalArgumentException("ARP operation " + operation + " (expected: 1 request or 2 reply)");
        }
        return new ArpRepr(operation, packet.senderHardwareAddress(), packet.senderProtocolAddress(),
                packet.targetHardwareAddress(), packet.targetProtocolAddress());
    }

    /** {@code request 02:54:ac:15:16:1a 172.21.22.26 -> 00:00:00:00:00:00 172.21.22.23}. */
    @Override
    public String toString() {
        return (operation == ArpPacket.OPERATION_REQUEST ? "request " : "reply ") + MacAddress.format(senderMac) + " "
                + Ipv4Address.format(senderIp) + " -> " + MacAddress.format(targetMac) + " "
                + Ipv4Address.format(targetIp);
    }
}
