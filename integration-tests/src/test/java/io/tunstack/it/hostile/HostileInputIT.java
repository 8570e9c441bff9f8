package io.tunstack.it.hostile;

import static io.tunstack.it.hostile.HostileCase.dropped;
import static io.tunstack.it.hostile.HostileCase.malformedOption;
import static io.tunstack.it.hostile.Ipv4Addresses.KERNEL;
import static io.tunstack.it.hostile.Ipv4Addresses.LIMITED_BROADCAST;
import static io.tunstack.it.hostile.Ipv4Addresses.RESPONDER;
import static io.tunstack.it.hostile.Ipv4Addresses.SUBNET_BROADCAST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.it.hostile.HostileRun.Outcome;
import io.tunstack.it.support.NamespaceFixture;
import io.tunstack.it.support.NetworkNamespace;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile IPv4 bytes injected into tun0 from the kernel's side, each case against a fresh tunstack in a namespace
 * this class creates. A case passes when no echo reply comes back for its packets, the exit summary counts the drop,
 * and a valid control request after it is answered ({@link HostileRun}).
 */
class HostileInputIT {

    @RegisterExtension
    static final NamespaceFixture fixture = NamespaceFixture.named("hostile")
            .requiring(Injector::requireAvailable)
            .configuring(NetworkNamespace::disableIpv6);

    /** An echo request that breaks nothing, identified by {@code identifier}. */
    private static Ipv4Builder request(int identifier) {
        return Ipv4Builder.echoRequest(identifier, 1);
    }

    /** An echo request whose ICMP message is changed by {@code change}, its checksum computed after the change. */
    private static byte[] requestWith(int identifier, UnaryOperator<IcmpBuilder> change) {
        return request(identifier).payload(change.apply(IcmpBuilder.echoRequest(identifier, 1)).build()).build();
    }

    private static byte[] truncate(byte[] packet, int length) {
        return Arrays.copyOf(packet, length);
    }

    /** A request with IHL 7: 8 bytes of options between the 20-byte header and the ICMP message. */
    private static byte[] withOptions(int identifier, int... options) {
        byte[] bytes = new byte[options.length];
        for (int i = 0; i < options.length; i++) {
            bytes[i] = (byte) options[i];
        }
        return request(identifier).options(bytes).build();
    }

    static Stream<HostileCase> cases() {
        byte[] large = Ipv4Builder.echoRequest(0xBAD0, 1).payload(
            IcmpBuilder.echoRequest(0xBAD0, 1).data(IcmpBuilder.pingData(1200)).build()).build();
        return Stream.of(
            // ---- IPv4 header (RFC 791, RFC 1122 3.2.1)
            dropped("bad IP header checksum",
                "RFC 1122 3.2.1.2: \"A host MUST verify the IP header checksum on every received datagram and "
                    + "silently discard every datagram that has a bad checksum.\"",
                "ipv4-bad-header-checksum", request(0xBAD1).headerChecksum(0x1234).build()),
            dropped("version 5",
                "RFC 1122 3.2.1.1: \"A datagram whose version number is not 4 MUST be silently discarded.\"",
                "not-ip", request(0xBAD2).version(5).build()),
            dropped("IHL 4, below the minimum",
                "RFC 791: \"Note that the minimum value for a correct header is 5.\"",
                "ipv4-bad-ihl", request(0xBAD3).ihl(4).build()),
            dropped("IHL 15 beyond the bytes read",
                "RFC 791: \"Internet Header Length is the length of the internet header in 32 bit words\"",
                "ipv4-header-truncated", truncate(request(0xBAD4).ihl(15).build(), 40)),
            dropped("12 bytes, shorter than a header",
                "RFC 791: \"the minimum value for a correct header is 5\" (words: 20 bytes)",
                "ipv4-truncated", truncate(request(0xBAD5).build(), 12)),
            dropped("total length larger than the bytes read",
                "RFC 791: \"Total Length is the length of the datagram, measured in octets, including internet "
                    + "header and data.\"",
                "ipv4-total-length-beyond-bytes-read", truncate(request(0xBAD6).build(), 70)),
            dropped("total length smaller than the header",
                "RFC 791: \"Total Length is the length of the datagram, measured in octets, including internet "
                    + "header and data.\"",
                "ipv4-total-length-below-header", request(0xBAD7).totalLength(16).build()),
            // ---- ICMP (RFC 792, RFC 1122 3.2.2)
            dropped("bad ICMP checksum",
                "RFC 792: \"The checksum is the 16-bit ones's complement of the one's complement sum of the ICMP "
                    + "message starting with the ICMP Type.\"",
                "icmp-bad-checksum",
                requestWith(0xBAD8, icmp -> icmp.checksum(0xBEEF))),
            dropped("ICMP message shorter than its 8-byte header",
                "RFC 792: an echo message is Type, Code, Checksum, Identifier, Sequence Number: 8 octets",
                "icmp-truncated", request(0xBAD9).payload(new byte[] {8, 0, (byte) 0xF7, (byte) 0xFF}).build()),
            // Linux answers this one; tunstack answers echo requests with code 0 only (RFC 792 defines no other).
            dropped("echo request with code 1",
                "RFC 792, Echo or Echo Reply Message: \"Code 0\"",
                "icmp-echo-bad-code",
                requestWith(0xBADA, icmp -> icmp.code(1))).butLinuxAnswers(),
            dropped("echo reply",
                "RFC 792: an echo reply (type 0) answers a request; it is never itself answered",
                "icmp-echo-reply-ignored", requestWith(0xBADB, icmp -> icmp.type(0))),
            dropped("unknown ICMP type 99",
                "RFC 1122 3.2.2: \"If an ICMP message of unknown type is received, it MUST be silently discarded.\"",
                "icmp-unknown-type", requestWith(0xBADC, icmp -> icmp.type(99))),
            dropped("destination unreachable",
                "RFC 1122 3.2.2: \"An ICMP error message MUST NOT be sent as the result of receiving: * an ICMP "
                    + "error message\"",
                "icmp-error-ignored",
                requestWith(0xBADD, icmp -> icmp.type(IcmpBuilder.TYPE_DESTINATION_UNREACHABLE).code(1))),
            // ---- Addresses (RFC 1122 3.2.1.3, 3.2.2.6)
            dropped("to the subnet broadcast",
                "RFC 1122 3.2.2.6: \"An ICMP Echo Request destined to an IP broadcast or IP multicast address MAY "
                    + "be silently discarded.\" (Linux: icmp_echo_ignore_broadcasts=1)",
                "icmp-broadcast-ignored", request(0xBAE0).destination(SUBNET_BROADCAST).build()),
            dropped("to the limited broadcast",
                "RFC 1122 3.2.2.6: \"An ICMP Echo Request destined to an IP broadcast or IP multicast address MAY "
                    + "be silently discarded.\"",
                "icmp-broadcast-ignored", request(0xBAE1).destination(LIMITED_BROADCAST).build()),
            dropped("to multicast 224.0.0.1",
                "RFC 1122 3.2.2.6: \"An ICMP Echo Request destined to an IP broadcast or IP multicast address MAY "
                    + "be silently discarded.\"",
                "ipv4-destination-multicast", request(0xBAE2).destination(Ipv4Addresses.of(224, 0, 0, 1)).build()),
            // Linux answers a request from its subnet's broadcast address; tunstack does not, as RFC 1122 3.2.1.3 says.
            dropped("from the subnet broadcast",
                "RFC 1122 3.2.1.3: \"A host MUST silently discard an incoming datagram containing an IP source "
                    + "address that is invalid by the rules of this section.\"",
                "ipv4-source-broadcast", request(0xBAE3).source(SUBNET_BROADCAST).build()).butLinuxAnswers(),
            dropped("from the limited broadcast",
                "RFC 1122 3.2.1.3: \"A host MUST silently discard an incoming datagram containing an IP source "
                    + "address that is invalid by the rules of this section.\"",
                "ipv4-source-broadcast", request(0xBAE4).source(LIMITED_BROADCAST).build()),
            dropped("from multicast 224.0.0.5",
                "RFC 1122 3.2.1.3: \"A host MUST silently discard an incoming datagram containing an IP source "
                    + "address that is invalid by the rules of this section.\"",
                "ipv4-source-multicast", request(0xBAE5).source(Ipv4Addresses.of(224, 0, 0, 5)).build()),
            dropped("from 0.0.0.0",
                "RFC 1122 3.2.1.3 (a): { 0, 0 } \"MUST NOT be sent, except as a source address as part of an "
                    + "initialization procedure\"; the reply would have nowhere to go",
                "ipv4-source-unspecified", request(0xBAE6).source(0).build()),
            dropped("from loopback 127.0.0.1",
                "RFC 1122 3.2.1.3 (g): { 127, <any> } \"MUST NOT appear outside a host.\"",
                "ipv4-source-loopback", request(0xBAE7).source(Ipv4Addresses.of(127, 0, 0, 1)).build()),
            dropped("from class E 240.0.0.1",
                "RFC 1122 3.2.1.3: \"A host MUST silently discard an incoming datagram containing an IP source "
                    + "address that is invalid by the rules of this section.\" (class E is reserved)",
                "ipv4-source-class-e", request(0xBAE8).source(Ipv4Addresses.of(240, 0, 0, 1)).build()),
            dropped("to the kernel's own address",
                "StackConfig: the device's own address is the kernel's; \"tunstack never answers for it\"",
                "ipv4-not-answered", request(0xBAE9).destination(KERNEL).build()),
            dropped("to an address outside the subnet",
                "Requests to addresses outside the answered set get nothing, even when routed to tun0",
                "ipv4-not-answered", request(0xBAEA).destination(Ipv4Addresses.of(10, 1, 2, 3)).build()),
            // ---- IPv6 in this namespace, where IPv6 is disabled: tunstack runs IPv4-only, as the kernel does
            dropped("an IPv6 echo request while IPv6 is disabled",
                "net.ipv6.conf.all.disable_ipv6=1: the host has no IPv6 address, so nothing to answer from (Linux "
                    + "drops IPv6 on a device whose IPv6 is disabled, ipv6_rcv)",
                "ipv6-disabled", Ipv6Builder.echoRequest(0xBAEB, 1).build()),
            // ---- Fragments (RFC 5722, as Linux applies it to IPv4: the kernel answers nothing here, though the third
            // fragment completes the datagram if the overlapping one is ignored)
            new HostileCase("overlapping fragments, then the piece that would complete them",
                "RFC 5722 4, amended by Errata 3089, as Linux applies it to IPv4: \"if one or more its constituent "
                    + "fragments is determined to be an overlapping fragment, the entire datagram (and any constituent "
                    + "fragments) MUST be silently discarded.\"",
                List.of(Ipv4Builder.fragment(large, 0, 608, true),
                    Ipv4Builder.fragment(large, 600, large.length - 20 - 600, false),
                    Ipv4Builder.fragment(large, 608, large.length - 20 - 608, false)),
                "fragment-overlap", 1, null, false),
            // ---- Options (RFC 791), checked the way Linux's ip_options_compile does: the kernel answers each with a
            // Parameter Problem pointing at exactly the octet given here (KernelReferenceIT).
            malformedOption("option length 0",
                "RFC 791: \"The option-length octet counts the option-type octet and the option-length octet as "
                    + "well as the option-data octets.\" (at least 2)",
                20, withOptions(0xBAF0, 7, 0, 4, 0, 0, 0, 0, 0)),
            malformedOption("option longer than the header",
                "RFC 791: \"The option-length octet counts the option-type octet and the option-length octet as "
                    + "well as the option-data octets.\"",
                20, withOptions(0xBAF1, 7, 39, 4, 0, 0, 0, 0, 0)),
            malformedOption("option with no length octet at the end of the header",
                "RFC 791: Case 2 options have \"an option-type octet, an option-length octet, and the actual "
                    + "option-data octets\"",
                23, withOptions(0xBAF2, 1, 1, 1, 7)),
            malformedOption("record route pointer 3",
                "RFC 791, Record Route: \"The pointer is relative to this option, and the smallest legal value for "
                    + "the pointer is 4.\"",
                22, withOptions(0xBAF3, 7, 7, 3, 0, 0, 0, 0, 0)),
            malformedOption("timestamp pointer 4",
                "RFC 791, Internet Timestamp: \"The pointer is the number of octets from the beginning of this "
                    + "option to the end of timestamps plus one ... The smallest legal value is 5.\"",
                22, withOptions(0xBAF4, 68, 8, 4, 0, 0, 0, 0, 0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isNeverAnsweredAndIsCounted(HostileCase hostile) throws Exception {
        HostileRun.assertRejected(fixture.namespace(), hostile, request(HostileRun.CONTROL_IDENTIFIER).build(),
            Ipv4Addresses.text(KERNEL), Ipv4Addresses.text(RESPONDER));
    }

    /**
     * Inputs that look odd but are valid: each must get exactly one correct echo reply, so that the hostile cases
     * above cannot pass by a stack that answers nothing unusual. Linux answers each of them (KernelReferenceIT).
     *
     * @param name what is unusual, as the test report shows it
     * @param rule the RFC line that makes it valid
     * @param request the datagram as one piece, whose reply is expected
     * @param packets what is injected: the request itself, padded, or its fragments
     * @param replyOptions the IP options the reply must carry, byte for byte as Linux sends them (empty: none)
     */
    record ValidCase(String name, String rule, byte[] request, List<byte[]> packets, byte[] replyOptions) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final byte[] NO_OPTIONS = new byte[0];

    static Stream<ValidCase> validCases() {
        byte[] padded = request(0x600D).build();
        byte[] withTrailer = Arrays.copyOf(padded, padded.length + 12);
        Arrays.fill(withTrailer, padded.length, withTrailer.length, (byte) 0xA5);
        byte[] large = request(0x600E).payload(
            IcmpBuilder.echoRequest(0x600E, 1).data(IcmpBuilder.pingData(1200)).build()).build();
        byte[] first = Ipv4Builder.fragment(large, 0, 608, true);
        byte[] last = Ipv4Builder.fragment(large, 608, large.length - 20 - 608, false);
        byte[] recordRoute = request(0x600F).options(new byte[] {1, 7, 7, 4, 0, 0, 0, 0}).build();
        return Stream.of(
            new ValidCase("trailing bytes after the total length are trimmed",
                "RFC 791: \"Total Length is the length of the datagram, measured in octets, including internet "
                    + "header and data.\" (Linux trims the rest, pskb_trim_rcsum)",
                padded, List.of(withTrailer), NO_OPTIONS),
            new ValidCase("fragments in order are reassembled",
                "RFC 1122 3.3.2: \"The IP layer MUST implement reassembly of IP datagrams.\"",
                large, List.of(first, last), NO_OPTIONS),
            new ValidCase("fragments out of order are reassembled",
                "RFC 1122 3.3.2: \"The IP layer MUST implement reassembly of IP datagrams.\" (in whatever order the "
                    + "fragments arrive)",
                large, List.of(last, first), NO_OPTIONS),
            new ValidCase("a NOP then an empty record route option",
                "RFC 1122 3.2.2.6: \"If a Record Route and/or Time Stamp option is received in an ICMP Echo "
                    + "Request, this option (these options) SHOULD be updated to include the current host and "
                    + "included in the IP header of the Echo Reply message\"",
                recordRoute, List.of(recordRoute),
                // Linux's reply (ip_options_echo): the Record Route alone, its one slot filled with the responder's
                // address and the pointer past it, then End of Option List.
                new byte[] {7, 7, 8, (byte) 172, 21, 22, 26, 0}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validCases")
    void isAnsweredWithTheRequestsData(ValidCase valid) throws Exception {
        Outcome outcome = injectIntoFreshTunstack(valid.packets());
        Injector.Report report = outcome.report();
        String context = valid.name() + ": " + valid.rule() + "\nreturned: " + report.returned()
            + "\ndrops: " + outcome.drops();
        assertTrue(report.allDelivered(), "every packet must reach tunstack: " + report + "\n" + context);
        assertEquals(1, report.returned().size(), "exactly one reply\n" + context);
        ReturnedPacket reply = report.returned().get(0);
        assertTrue(reply.isEchoReply(), "an echo reply\n" + context);
        assertEquals(RESPONDER, reply.source(), "from the address the request was sent to");
        assertEquals(KERNEL, reply.destination(), "to the request's source");
        assertTrue(reply.headerChecksumVerifies(), "the reply's header checksum verifies: " + reply);
        assertTrue(reply.icmpChecksumVerifies(), "the reply's ICMP checksum verifies: " + reply);
        assertEquals(HexFormat.of().formatHex(valid.replyOptions()), HexFormat.of().formatHex(reply.options()),
            "the reply's IP options\n" + context);
        byte[] requestIcmp = icmpMessage(valid.request());
        byte[] replyIcmp = icmpMessage(reply.bytes());
        assertEquals(requestIcmp.length, replyIcmp.length, "the reply's ICMP message is as long as the request's");
        assertTrue(Arrays.equals(requestIcmp, 4, requestIcmp.length, replyIcmp, 4, replyIcmp.length),
            "identifier, sequence number and data are the request's, byte for byte");
        assertEquals(0, outcome.counters().dropped(), "nothing was dropped: " + outcome.drops());
    }

    @Test
    void subnetBroadcastIsAnsweredOnlyWithAnswerBroadcast() throws Exception {
        // RFC 1122 3.2.2.6: "An ICMP Echo Request destined to an IP broadcast or IP multicast address MAY be silently
        // discarded." Linux answers with icmp_echo_ignore_broadcasts=0, from a specific address (RFC 1122 3.2.1.3:
        // for a broadcast destination, the specific-destination is "an IP address assigned to the physical
        // interface on which the datagram arrived").
        byte[] request = request(0xB0CA).destination(SUBNET_BROADCAST).build();
        Outcome outcome = injectIntoFreshTunstack(List.of(request), "--answer-broadcast");
        String context = "returned: " + outcome.report().returned() + "\ndrops: " + outcome.drops();

        assertEquals(1, outcome.report().returned().size(), "one reply\n" + context);
        ReturnedPacket reply = outcome.report().returned().get(0);
        assertTrue(reply.isEchoReply() && reply.echoIdentifier() == 0xB0CA, "the echo reply\n" + context);
        int host = reply.source() & 0xFF;
        assertTrue((reply.source() & 0xFFFFFF00) == (KERNEL & 0xFFFFFF00) && host != 0 && host != 255
            && reply.source() != KERNEL, "from a unicast address tunstack answers for, never the broadcast: "
            + reply);
        assertEquals(KERNEL, reply.destination());
        assertTrue(reply.headerChecksumVerifies() && reply.icmpChecksumVerifies(), "checksums of " + reply);
        byte[] requestIcmp = icmpMessage(request);
        byte[] replyIcmp = icmpMessage(reply.bytes());
        assertTrue(Arrays.equals(requestIcmp, 4, requestIcmp.length, replyIcmp, 4, replyIcmp.length),
            "identifier, sequence number and data are the request's, byte for byte");
    }

    /** The ICMP message of a datagram: from the end of its header to its total length. */
    private static byte[] icmpMessage(byte[] datagram) {
        int headerLength = (datagram[0] & 0x0F) * 4;
        int totalLength = (datagram[2] & 0xFF) << 8 | (datagram[3] & 0xFF);
        return Arrays.copyOfRange(datagram, headerLength, totalLength);
    }

    private static Outcome injectIntoFreshTunstack(List<byte[]> packets, String... options) throws Exception {
        return HostileRun.injectIntoFreshTunstack(fixture.namespace(), packets, options);
    }
}
