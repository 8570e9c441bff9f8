package io.tunstack.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.CapturedPackets;
import io.tunstack.stack.CraftedPackets;
import io.tunstack.stack.LeakDetection;
import io.tunstack.stack.NetworkStack;
import io.tunstack.stack.RecordingTransmitter;
import io.tunstack.stack.TestEnvironment;
import io.tunstack.stack.address.AddressSet;
import io.tunstack.stack.address.InterfaceAddress;
import io.tunstack.stack.address.IpFamily;
import io.tunstack.stack.address.Ipv4Address;
import io.tunstack.stack.config.OpenPorts;
import io.tunstack.stack.config.StackConfig;
import io.tunstack.stack.verdict.Answer;
import io.tunstack.stack.verdict.StackCounters;
import io.tunstack.stack.verdict.Verdict;
import io.tunstack.stack.wire.Ipv4Packet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The ready line says what the stack does: the broadcast it names is the one the stack answers. */
@ExtendWith(LeakDetection.class)
class ReadyLineTest {

    @Test
    void namesTheOpenPorts() {
        StackConfig config = StackConfig.builder().address(InterfaceAddress.parse("172.21.22.23/24"))
                .answered(AddressSet.parse("172.21.22.26")).openPorts(OpenPorts.parse("53/udp,22/tcp,8000-8010/tcp"))
                .build();

        assertEquals("tunstack ready on tun0 (172.21.22.23/24, mtu 1500, 1 queue): answering 172.21.22.26;"
                + " open ports: 22/tcp,8000-8010/tcp,53/udp", Responder.readyLine("tun0", config, 1500, 1));
    }

    @Test
    void onATapDeviceSaysTapAndTheDevicesMac() {
        StackConfig config = StackConfig.builder().address(InterfaceAddress.parse("172.21.22.23/24"))
                .answered(AddressSet.parse("172.21.22.26")).build();

        assertEquals("tunstack ready on tap0 (TAP 5e:2b:80:15:34:6f, 172.21.22.23/24, mtu 1500, 1 queue): answering"
                + " 172.21.22.26; no open ports",
                Responder.readyLine("tap0", "TAP 5e:2b:80:15:34:6f", config, 1500, 1));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "172.21.22.23/24, 172.21.22.255, '172.21.22.1-172.21.22.22,172.21.22.24-172.21.22.254'",
        // RFC 3021: a /31 has no subnet broadcast; as in Linux, the limited broadcast is the only one.
        "10.0.0.0/31, 255.255.255.255, 10.0.0.1",
        "10.0.0.7/32, 255.255.255.255, ''",
    })
    void namesTheBroadcastTheStackAnswers(String address, String broadcast, String answered) {
        InterfaceAddress own = InterfaceAddress.parse(address);
        StackConfig config = StackConfig.builder().address(own).answerBroadcast(true).build();

        assertEquals("tunstack ready on tun0 (" + address + ", mtu 1500, 2 queues): answering "
                + (answered.isEmpty() ? "" : answered + " and ") + "the broadcast " + broadcast + "; no open ports",
                Responder.readyLine("tun0", config, 1500, 2));

        if (answered.isEmpty()) {
            return; // the command refuses this: a broadcast is answered from an address of the answered set
        }
        // The device's side pings that broadcast: the stack answers it, from the lowest address it answers for.
        NetworkStack stack = new NetworkStack(config, new StackCounters(), TestEnvironment.fixed(1));
        RecordingTransmitter tx = new RecordingTransmitter();
        ByteBuf request = CapturedPackets.copy(CraftedPackets.echoRequest(own.address().ipv4(),
                Ipv4Address.parse(broadcast), 1, 1, new byte[8]));
        try {
            assertEquals(Verdict.answered(Answer.ICMPV4_ECHO_REPLY), stack.receive(request, tx));
        } finally {
            request.release();
            stack.close();
        }
        ByteBuf reply = CapturedPackets.copy(tx.single());
        try {
            assertEquals(config.answered().first(IpFamily.IPV4).ipv4(),
                    Ipv4Packet.newUnchecked(reply).sourceAddress());
        } finally {
            reply.release();
        }
    }
}
