package io.tunstack.it.hostile;

import static io.tunstack.it.hostile.HostileCase.ExpectedError.ipv6ParameterProblem;
import static io.tunstack.it.hostile.HostileCase.dropped;
import static io.tunstack.it.hostile.Icmpv6Builder.CODE_ERRONEOUS_HEADER_FIELD;
import static io.tunstack.it.hostile.Icmpv6Builder.CODE_INCOMPLETE_HEADER_CHAIN;
import static io.tunstack.it.hostile.Icmpv6Builder.CODE_UNRECOGNIZED_NEXT_HEADER;
import static io.tunstack.it.hostile.Icmpv6Builder.CODE_UNRECOGNIZED_OPTION;
import static io.tunstack.it.hostile.Ipv6Addresses.KERNEL;
import static io.tunstack.it.hostile.Ipv6Addresses.RESPONDER;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.it.hostile.HostileRun.Outcome;
import io.tunstack.it.support.NamespaceFixture;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile IPv6 bytes injected into tun0 from the kernel's side, each case against a fresh tunstack, in the shape of
 * {@link HostileInputIT}: no echo reply, the drop counted under its label, the ICMPv6 error Linux sends where it
 * sends one ({@link KernelReferenceIT} checks the table against Linux), and a control echo request answered after.
 *
 * <p>IPv6 is on in this namespace (tunstack answers IPv6 only then), so the kernel's own router solicitations and
 * MLD reports reach tunstack too; they add drops under {@code ipv6-link-chatter} and no answer.
 */
class Ipv6HostileInputIT {

    /** RFC 4727: option types 0x1E, 0x3E, ... 0xFE are for experiments: no stack recognizes them. */
    private static final int EXPERIMENTAL_OPTION_SKIP = 0x1E;
    private static final int EXPERIMENTAL_OPTION_DISCARD = 0x7E;
    private static final int EXPERIMENTAL_OPTION_DISCARD_AND_REPORT = 0xBE;
    private static final int EXPERIMENTAL_OPTION_DISCARD_AND_REPORT_UNLESS_MULTICAST = 0xFE;
    /** The offset of the first option's type in the first extension header: after Next Header and Hdr Ext Len. */
    private static final int FIRST_OPTION = Ipv6Builder.HEADER_LENGTH + 2;
    /** RFC 8200 4.4: the Routing Type is the third byte of the Routing header. */
    private static final int ROUTING_TYPE = Ipv6Builder.HEADER_LENGTH + 2;

    @RegisterExtension
    static final NamespaceFixture fixture = NamespaceFixture.named("hostile6")
            .requiring(Injector::requireAvailable);

    /** An echo request that breaks nothing, identified by {@code identifier}. */
    static Ipv6Builder request(int identifier) {
        return Ipv6Builder.echoRequest(identifier, 1);
    }

    /** The control request every case ends with. */
    static byte[] control() {
        return request(HostileRun.CONTROL_IDENTIFIER).build();
    }

    /** An echo request whose ICMPv6 message is changed by {@code change}, its checksum computed after the change. */
    private static byte[] requestWith(int identifier, UnaryOperator<Icmpv6Builder> change) {
        return request(identifier).icmp(change.apply(Icmpv6Builder.echoRequest(identifier, 1))).build();
    }

    private static byte[] truncate(byte[] packet, int length) {
        return Arrays.copyOf(packet, length);
    }

    /** Four bytes of ICMPv6 (type, code, checksum) with a correct checksum: shorter than any message's header. */
    private static byte[] fourByteIcmpv6() {
        byte[] message = {(byte) Icmpv6Builder.TYPE_ECHO_REQUEST, 0, 0, 0};
        int checksum = Icmpv6Builder.checksum(KERNEL, RESPONDER, message, 0, message.length);
        message[2] = (byte) (checksum >>> 8);
        message[3] = (byte) checksum;
        return new Ipv6Builder().upperLayer(Ipv6Builder.NEXT_HEADER_ICMPV6, message).build();
    }

    /** A router solicitation as the kernel sends it after link-up: link-local source, to all routers, hop limit 255. */
    private static byte[] routerSolicitation() {
        return new Ipv6Builder().source(Ipv6Addresses.of("fe80::1")).destination(Ipv6Addresses.of("ff02::2"))
            .hopLimit(255).icmp(Icmpv6Builder.message(Icmpv6Builder.TYPE_ROUTER_SOLICITATION, new byte[0])).build();
    }

    /**
     * An MLDv2 report as the kernel sends it when tun0 joins a group (RFC 3810 5.2): link-local source, to
     * ff02::16, hop limit 1, a Hop-by-Hop Router Alert option (type 5, value 0: MLD), one "change to exclude"
     * record for the solicited-node group of the kernel's address.
     */
    private static byte[] mldReport() {
        byte[] record = ByteBuffer.allocate(20).put((byte) 4).put((byte) 0).putShort((short) 0)
            .put(Ipv6Addresses.of("ff02::1:ff00:23")).array();
        return new Ipv6Builder().source(Ipv6Addresses.of("fe80::1")).destination(Ipv6Addresses.of("ff02::16"))
            .hopLimit(1).hopByHop(5, 2, 0, 0)
            .icmp(Icmpv6Builder.message(Icmpv6Builder.TYPE_MLD2_REPORT, record).words(0, 1)).build();
    }

    static Stream<HostileCase> cases() {
        byte[] large = request(0xBB30).icmp(Icmpv6Builder.echoRequest(0xBB30, 1).data(IcmpBuilder.pingData(1200)))
            .build();
        int largeData = large.length - Ipv6Builder.HEADER_LENGTH;
        byte[] chainInSecondFragment = request(0xBB31).destinationOptions().build();
        byte[] typeZeroRoute = ByteBuffer.allocate(20).putInt(0).put(Ipv6Addresses.of("fd00:172:21:22::27")).array();
        return Stream.of(
            // ---- IPv6 header (RFC 8200 3)
            dropped("38 bytes, shorter than the fixed header",
                "RFC 8200 3: the IPv6 header is 40 octets (version through destination address)",
                "ipv6-truncated", truncate(request(0xBB01).build(), 38)),
            dropped("payload length larger than the bytes read",
                "RFC 8200 3: \"Payload Length: Length of the IPv6 payload, i.e., the rest of the packet following "
                    + "this IPv6 header, in octets.\"",
                "ipv6-payload-length-beyond-bytes-read", truncate(request(0xBB02).build(), 70)),
            // ---- Sources (RFC 4291)
            dropped("from the unspecified address ::",
                "RFC 4291 2.5.2: \"The unspecified address must not be used as the destination address of IPv6 "
                    + "packets\": a reply to :: has nowhere to go",
                "ipv6-source-unspecified", request(0xBB03).source(Ipv6Addresses.UNSPECIFIED).build()),
            dropped("from the loopback address ::1",
                "RFC 4291 2.5.3: \"An IPv6 packet received on an interface with a destination address of loopback "
                    + "must be dropped\", and ::1 \"must never be sent outside a single node\"",
                "ipv6-source-loopback", request(0xBB04).source(Ipv6Addresses.LOOPBACK).build()),
            dropped("from multicast ff02::1",
                "RFC 4291 2.7: \"Multicast addresses must not be used as source addresses in IPv6 packets\"",
                "ipv6-source-multicast", request(0xBB05).source(Ipv6Addresses.ALL_NODES).build()),
            dropped("from the IPv4-mapped ::ffff:172.21.22.23",
                "RFC 4291 2.5.5.2: IPv4-mapped addresses represent IPv4 nodes to IPv6 applications; Linux "
                    + "(ip6_rcv_core) drops them as sources from the wire",
                "ipv6-source-v4-mapped", request(0xBB06).source(Ipv6Addresses.of("::ffff:172.21.22.23")).build()),
            // ---- The kernel's own link chatter (RFC 4861 6.3.7, RFC 3810 5.2)
            dropped("a router solicitation",
                "RFC 4861 6.2.6: \"A host MUST silently discard any received Router Solicitation messages.\"",
                "ipv6-link-chatter", routerSolicitation()),
            dropped("an MLDv2 report",
                "RFC 3810 6.1: reports are for multicast routers; a host that is no router gives them no answer",
                "ipv6-link-chatter", mldReport()),
            // ---- Destinations
            // Linux answers echo to multicast (net.ipv6.icmp.echo_ignore_multicast=0); tunstack only with
            // --answer-multicast.
            dropped("echo request to multicast ff02::1",
                "RFC 4443 4.1: an echo reply to a multicast request is sent from a unicast address; answering it at "
                    + "all is a host's choice, off by default as for IPv4 broadcast",
                "ipv6-destination-multicast", request(0xBB07).destination(Ipv6Addresses.ALL_NODES).build())
                .butLinuxAnswers(),
            dropped("to the kernel's own address",
                "StackConfig: the device's own address is the kernel's; tunstack never answers for it",
                "ipv6-not-answered", request(0xBB08).destination(KERNEL).build()),
            // ---- Extension headers (RFC 8200 4)
            dropped("a Hop-by-Hop Options header after a Destination Options header",
                "RFC 8200 4.1: \"The Hop-by-Hop Options header, when present, must immediately follow the IPv6 "
                    + "header.\" (Linux: Parameter Problem code 1 at the Next Header that names it)",
                "ipv6-hop-by-hop-not-first", request(0xBB10).destinationOptions().hopByHop().build())
                .answeredWith(ipv6ParameterProblem(CODE_UNRECOGNIZED_NEXT_HEADER, Ipv6Builder.HEADER_LENGTH)),
            dropped("a Destination Options header of 4 bytes",
                "RFC 8200 4.6: a Destination Options header is Next Header, Hdr Ext Len and options, \"an integer "
                    + "multiple of 8 octets long\"",
                "ipv6-extension-header-truncated", new Ipv6Builder().upperLayer(
                    Ipv6Builder.NEXT_HEADER_DESTINATION_OPTIONS,
                    new byte[] {(byte) Ipv6Builder.NEXT_HEADER_ICMPV6, 0, 1, 0}).build()),
            dropped("a Destination Options header longer than the packet",
                "RFC 8200 4.6: \"Hdr Ext Len: Length of the Destination Options header in 8-octet units, not "
                    + "including the first 8 octets.\"",
                "ipv6-extension-header-length-beyond-payload", new Ipv6Builder().upperLayer(
                    Ipv6Builder.NEXT_HEADER_DESTINATION_OPTIONS,
                    new byte[] {(byte) Ipv6Builder.NEXT_HEADER_ICMPV6, 1, 1, 4, 0, 0, 0, 0}).build()),
            dropped("an option longer than its Destination Options header",
                "RFC 8200 4.2: \"Opt Data Len: 8-bit unsigned integer. Length of the Option Data field of this "
                    + "option, in octets.\" (Linux ip6_parse_tlv drops an option that overruns its header)",
                "ipv6-bad-extension-header", request(0xBB11).destinationOptions(EXPERIMENTAL_OPTION_SKIP, 10).build()),
            dropped("an unrecognized option, action 01 (discard)",
                "RFC 8200 4.2: \"01 - discard the packet.\"",
                "ipv6-unrecognized-option",
                request(0xBB12).destinationOptions(EXPERIMENTAL_OPTION_DISCARD, 0).build()),
            dropped("an unrecognized option, action 10 (discard and report)",
                "RFC 8200 4.2: \"10 - discard the packet and, regardless of whether or not the packet's Destination "
                    + "Address was a multicast address, send an ICMP Parameter Problem, Code 2, message to the "
                    + "packet's Source Address, pointing to the unrecognized Option Type.\"",
                "ipv6-unrecognized-option",
                request(0xBB13).destinationOptions(EXPERIMENTAL_OPTION_DISCARD_AND_REPORT, 0).build())
                .answeredWith(ipv6ParameterProblem(CODE_UNRECOGNIZED_OPTION, FIRST_OPTION)),
            dropped("an unrecognized option, action 11, to a unicast address",
                "RFC 8200 4.2: \"11 - discard the packet and, only if the packet's Destination Address was not a "
                    + "multicast address, send an ICMP Parameter Problem, Code 2, message to the packet's Source "
                    + "Address, pointing to the unrecognized Option Type.\"",
                "ipv6-unrecognized-option",
                request(0xBB14).destinationOptions(EXPERIMENTAL_OPTION_DISCARD_AND_REPORT_UNLESS_MULTICAST, 0)
                    .build())
                .answeredWith(ipv6ParameterProblem(CODE_UNRECOGNIZED_OPTION, FIRST_OPTION)),
            dropped("an unrecognized option, action 10, in the Hop-by-Hop Options header",
                "RFC 8200 4.3: the Hop-by-Hop Options header \"carries a variable number of type-length-value (TLV) "
                    + "encoded \"options\"\", processed by the rules of 4.2",
                "ipv6-unrecognized-option",
                request(0xBB15).hopByHop(EXPERIMENTAL_OPTION_DISCARD_AND_REPORT, 0).build())
                .answeredWith(ipv6ParameterProblem(CODE_UNRECOGNIZED_OPTION, FIRST_OPTION)),
            dropped("a type 0 Routing header with segments left",
                "RFC 5095 3: \"IPv6 nodes MUST NOT process RH0 in packets whose destination address in the IPv6 "
                    + "header is an address assigned to them.\"; RFC 8200 4.4: \"send an ICMP Parameter Problem, "
                    + "Code 0, message to the packet's Source Address, pointing to the unrecognized Routing Type\"",
                "ipv6-bad-routing-header", request(0xBB16).routing(0, 1, typeZeroRoute).build())
                .answeredWith(ipv6ParameterProblem(CODE_ERRONEOUS_HEADER_FIELD, ROUTING_TYPE)),
            new HostileCase("a first fragment without the ICMPv6 header, then the rest",
                "RFC 8200 4.5: \"If the first fragment does not include all headers through an Upper-Layer header, "
                    + "then that fragment should be discarded and an ICMP Parameter Problem, Code 3, message should "
                    + "be sent to the source of the fragment, with the Pointer field set to zero.\"",
                List.of(Ipv6Builder.fragment(chainInSecondFragment, 0xBB17, 0, 8, true),
                    Ipv6Builder.fragment(chainInSecondFragment, 0xBB17, 8, chainInSecondFragment.length
                        - Ipv6Builder.HEADER_LENGTH - 8, false)),
                "ipv6-incomplete-header-chain", 1, ipv6ParameterProblem(CODE_INCOMPLETE_HEADER_CHAIN, 0), false),
            dropped("No Next Header",
                "RFC 8200 4.7: \"The value 59 in the Next Header field of an IPv6 header or any extension header "
                    + "indicates that there is nothing following that header.\"",
                "ipv6-no-next-header", new Ipv6Builder().upperLayer(Ipv6Builder.NEXT_HEADER_NONE, new byte[0])
                    .build()),
            dropped("next header 253, right after the fixed header",
                "RFC 8200 4: \"If, as a result of processing a header, the destination node is required to proceed "
                    + "to the next header but the Next Header value in the current header is unrecognized by the "
                    + "node, it should discard the packet and send an ICMP Parameter Problem message to the source "
                    + "of the packet, with an ICMP Code value of 1 (\"unrecognized Next Header type encountered\") "
                    + "and the ICMP Pointer field containing the offset of the unrecognized value\"",
                "ipv6-unsupported-next-header", new Ipv6Builder().upperLayer(Ipv6Builder.NEXT_HEADER_EXPERIMENTAL,
                    new byte[8]).build())
                .answeredWith(ipv6ParameterProblem(CODE_UNRECOGNIZED_NEXT_HEADER, Ipv6Builder.NEXT_HEADER)),
            dropped("next header 253, after a Destination Options header",
                "RFC 8200 4: \"the ICMP Pointer field containing the offset of the unrecognized value within the "
                    + "original packet\"",
                "ipv6-unsupported-next-header", new Ipv6Builder().destinationOptions()
                    .upperLayer(Ipv6Builder.NEXT_HEADER_EXPERIMENTAL, new byte[8]).build())
                .answeredWith(ipv6ParameterProblem(CODE_UNRECOGNIZED_NEXT_HEADER, Ipv6Builder.HEADER_LENGTH)),
            // ---- ICMPv6 (RFC 4443)
            dropped("ICMPv6 message of 4 bytes",
                "RFC 4443 2.1: every ICMPv6 message has Type, Code and Checksum, and an echo request Identifier "
                    + "and Sequence Number (4.1): 8 octets",
                "icmpv6-truncated", fourByteIcmpv6()),
            dropped("bad ICMPv6 checksum",
                "RFC 4443 2.3: the checksum \"is the 16-bit one's complement of the one's complement sum of the "
                    + "entire ICMPv6 message, starting with the ICMPv6 message type field, and prepended with an "
                    + "IPv6 \"pseudo-header\"\"",
                "icmpv6-bad-checksum", requestWith(0xBB20, icmp -> icmp.checksum(0xBEEF))),
            dropped("ICMPv6 checksum 0",
                "RFC 8200 8.1: \"Unlike IPv4, the default behavior when UDP packets are originated by an IPv6 node "
                    + "is that the UDP checksum is not optional\"; RFC 4443 2.3 knows no \"no checksum\" either",
                "icmpv6-bad-checksum", requestWith(0xBB21, icmp -> icmp.checksum(0))),
            // Linux answers this one (icmpv6_rcv looks at the type only); tunstack follows RFC 4443 4.1's "Code 0".
            dropped("echo request with code 1",
                "RFC 4443 4.1, Echo Request Message: \"Code 0\"",
                "icmpv6-echo-bad-code", requestWith(0xBB22, icmp -> icmp.code(1))).butLinuxAnswers(),
            dropped("echo reply",
                "RFC 4443 4.2: an echo reply answers a request; it is never itself answered",
                "icmpv6-echo-reply-ignored", requestWith(0xBB23, icmp -> icmp.type(Icmpv6Builder.TYPE_ECHO_REPLY))),
            dropped("destination unreachable",
                "RFC 4443 2.4 (e): \"An ICMPv6 error message MUST NOT be originated as a result of receiving ... an "
                    + "ICMPv6 error message\"",
                "icmpv6-error-ignored", requestWith(0xBB24,
                    icmp -> icmp.type(Icmpv6Builder.TYPE_DESTINATION_UNREACHABLE).code(4))),
            dropped("error of unknown type 100",
                "RFC 4443 2.4 (b): \"If an ICMPv6 error message of unknown type is received at a host, it MUST be "
                    + "passed to the upper-layer process\" (there is none: nothing is answered)",
                "icmpv6-error-ignored", requestWith(0xBB25, icmp -> icmp.type(100))),
            dropped("informational message of unknown type 200",
                "RFC 4443 2.4 (a): \"If an ICMPv6 informational message of unknown type is received, it MUST be "
                    + "silently discarded.\"",
                "icmpv6-unhandled-type", requestWith(0xBB26, icmp -> icmp.type(200))),
            // ---- Fragments (RFC 8200 4.5, RFC 5722)
            new HostileCase("overlapping fragments, then the piece that would complete them",
                "RFC 5722 4: \"if any of the fragments being reassembled overlap with any other fragments being "
                    + "reassembled for the same packet, reassembly of that packet must be abandoned and all the "
                    + "fragments that have been received for that packet must be discarded\"",
                List.of(Ipv6Builder.fragment(large, 0xBB30, 0, 608, true),
                    Ipv6Builder.fragment(large, 0xBB30, 600, largeData - 600, false),
                    Ipv6Builder.fragment(large, 0xBB30, 608, largeData - 608, false)),
                "fragment-overlap", 1, null, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isNeverAnsweredAndIsCounted(HostileCase hostile) throws Exception {
        HostileRun.assertRejected(fixture.namespace(), hostile, control(), Ipv6Addresses.text(KERNEL),
            Ipv6Addresses.text(RESPONDER));
    }

    /**
     * Inputs that look odd but are valid: each must get exactly one echo reply with the request's identifier,
     * sequence number and data, so that the hostile cases above cannot pass by a stack that answers nothing unusual.
     * Linux answers each of them (KernelReferenceIT).
     *
     * @param name what is unusual, as the test report shows it
     * @param rule the RFC line that makes it valid
     * @param echo the echo request's ICMPv6 message, as it is in the packets
     * @param trafficClass the request's traffic class, which the reply carries too
     * @param packets what is injected
     */
    record ValidCase(String name, String rule, byte[] echo, int trafficClass, List<byte[]> packets) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<ValidCase> validCases() {
        Icmpv6Builder echo = Icmpv6Builder.echoRequest(0x6001, 1);
        byte[] message = echo.build(KERNEL, RESPONDER);
        Icmpv6Builder largeEcho = Icmpv6Builder.echoRequest(0x6002, 1).data(IcmpBuilder.pingData(1200));
        byte[] large = new Ipv6Builder().icmp(largeEcho).build();
        int largeData = large.length - Ipv6Builder.HEADER_LENGTH;
        byte[] first = Ipv6Builder.fragment(large, 0x6002, 0, 608, true);
        byte[] last = Ipv6Builder.fragment(large, 0x6002, 608, largeData - 608, false);
        byte[] padded = new Ipv6Builder().icmp(echo).build();
        byte[] withTrailer = Arrays.copyOf(padded, padded.length + 12);
        Arrays.fill(withTrailer, padded.length, withTrailer.length, (byte) 0xA5);
        byte[] emptyRoute = new byte[20];
        return Stream.of(
            new ValidCase("trailing bytes after the payload length are trimmed",
                "RFC 8200 3: \"Payload Length: Length of the IPv6 payload\" (Linux trims the rest, pskb_trim_rcsum)",
                message, 0, List.of(withTrailer)),
            new ValidCase("fragments in order are reassembled",
                "RFC 8200 4.5: the destination reassembles \"the fragments of the original packet\"",
                largeEcho.build(KERNEL, RESPONDER), 0, List.of(first, last)),
            new ValidCase("fragments out of order are reassembled",
                "RFC 8200 4.5: \"Fragments may arrive out of order\" (reassembly does not depend on it)",
                largeEcho.build(KERNEL, RESPONDER), 0, List.of(last, first)),
            new ValidCase("an atomic fragment",
                "RFC 6946 4: \"A host that receives an IPv6 packet that includes a Fragment Header with the "
                    + "\"Fragment Offset\" equal to 0 and the \"M\" flag equal to 0 MUST process such packet in "
                    + "isolation from any other packets/fragments\"",
                message, 0, List.of(new Ipv6Builder().fragmentHeader(0, false, 0x6003).icmp(echo).build())),
            new ValidCase("padding options in Hop-by-Hop and Destination Options headers",
                "RFC 8200 4.2: Pad1 and PadN \"MUST be recognized by all IPv6 implementations\"",
                message, 0, List.of(new Ipv6Builder().hopByHop(1, 0).destinationOptions().icmp(echo).build())),
            new ValidCase("an unrecognized option, action 00 (skip)",
                "RFC 8200 4.2: \"00 - skip over this option and continue processing the header.\"",
                message, 0, List.of(new Ipv6Builder().destinationOptions(EXPERIMENTAL_OPTION_SKIP, 0).icmp(echo)
                    .build())),
            new ValidCase("a type 0 Routing header with no segments left",
                "RFC 8200 4.4: \"If Segments Left is zero, the node must ignore the Routing header and proceed to "
                    + "process the next header in the packet\"",
                message, 0, List.of(new Ipv6Builder().routing(0, 0, emptyRoute).icmp(echo).build())),
            new ValidCase("traffic class 0xb8 (DSCP EF)",
                "RFC 8200 7: the Traffic Class \"is available for use by originating nodes and/or forwarding "
                    + "routers\"; Linux's echo reply carries the request's (icmpv6_echo_reply: ipv6_get_dsfield)",
                message, 0xB8, List.of(new Ipv6Builder().trafficClass(0xB8).icmp(echo).build())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validCases")
    void isAnsweredWithTheRequestsData(ValidCase valid) throws Exception {
        Outcome outcome = HostileRun.injectIntoFreshTunstack(fixture.namespace(), valid.packets());
        Injector.Report report = outcome.report();
        String context = valid.name() + ": " + valid.rule() + "\nreturned: " + report.returned()
            + "\ndrops: " + outcome.drops();
        assertTrue(report.allDelivered(), "every packet must reach tunstack: " + report + "\n" + context);
        assertEquals(1, report.returned().size(), "exactly one reply\n" + context);
        assertEchoReplyTo(valid.echo(), valid.trafficClass(), report.returned().get(0), context);
    }

    /** An echo request of 3000 data bytes: its reply does not fit tun0's MTU of 1500. */
    static final Icmpv6Builder LARGER_THAN_THE_MTU =
        Icmpv6Builder.echoRequest(0x6010, 1).data(IcmpBuilder.pingData(3000));
    /** The device MTU, tunstack's default and the kernel reference's. */
    private static final int MTU = 1500;
    /** RFC 8200 4.5: Next Header, Reserved, Fragment Offset and flags (16 bits), Identification (32 bits). */
    private static final int FRAGMENT_HEADER_LENGTH = 8;

    /** The most data a fragment of a 1500-byte MTU carries: 1500 - 40 - 8, rounded down to a multiple of 8. */
    private static final int LARGEST_FRAGMENT_DATA = 1448;

    /** {@link #LARGER_THAN_THE_MTU} in three fragments of at most the MTU, as a sender with that MTU sends it. */
    static List<byte[]> requestLargerThanTheMtu() {
        byte[] request = new Ipv6Builder().icmp(LARGER_THAN_THE_MTU).build();
        int data = request.length - Ipv6Builder.HEADER_LENGTH;
        return List.of(
            Ipv6Builder.fragment(request, 0x6010, 0, LARGEST_FRAGMENT_DATA, true),
            Ipv6Builder.fragment(request, 0x6010, LARGEST_FRAGMENT_DATA, LARGEST_FRAGMENT_DATA, true),
            Ipv6Builder.fragment(request, 0x6010, 2 * LARGEST_FRAGMENT_DATA, data - 2 * LARGEST_FRAGMENT_DATA, false));
    }

    @Test
    void aReplyLargerThanTheMtuLeavesInFragments() throws Exception {
        Outcome outcome = HostileRun.injectIntoFreshTunstack(fixture.namespace(), requestLargerThanTheMtu());

        assertTrue(outcome.report().allDelivered(), "every fragment must reach tunstack: " + outcome.report());
        assertFragmentedEchoReply(LARGER_THAN_THE_MTU.build(KERNEL, RESPONDER), outcome.report().returned(),
            "tunstack, drops: " + outcome.drops());
    }

    /**
     * Asserts that {@code returned} is the reply to {@code echo} in fragments (RFC 8200 4.5): each at most the MTU,
     * with a Fragment header, one identification, every piece but the last a multiple of 8 bytes long, the pieces
     * adjacent from offset 0, the last without M; reassembled, the echo reply of {@link #assertEchoReplyTo}.
     */
    static void assertFragmentedEchoReply(byte[] echo, List<ReturnedPacket> returned, String context) {
        String shown = context + ", returned: " + returned;
        assertTrue(returned.size() >= 3, "the reply leaves in fragments: " + shown);
        List<byte[]> fragments = returned.stream().map(ReturnedPacket::bytes)
            .sorted(Comparator.comparingInt(Ipv6HostileInputIT::fragmentOffset)).toList();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (int i = 0; i < fragments.size(); i++) {
            byte[] fragment = fragments.get(i);
            boolean last = i == fragments.size() - 1;
            int length = fragment.length - Ipv6Builder.HEADER_LENGTH - FRAGMENT_HEADER_LENGTH;
            assertTrue(fragment.length <= MTU, "at most the MTU: " + fragment.length + " bytes, " + shown);
            assertEquals(Ipv6Builder.NEXT_HEADER_FRAGMENT, fragment[Ipv6Builder.NEXT_HEADER] & 0xFF, shown);
            assertEquals(fragmentIdentification(fragments.get(0)), fragmentIdentification(fragment),
                "one identification: " + shown);
            assertEquals(data.size(), fragmentOffset(fragment), "adjacent pieces: " + shown);
            assertEquals(!last, moreFragments(fragment), "M set on all but the last: " + shown);
            assertTrue(last || length % 8 == 0, "RFC 8200 4.5: fragments other than the last are \"an integer "
                + "multiple of 8 octets long\": " + shown);
            data.write(fragment, Ipv6Builder.HEADER_LENGTH + FRAGMENT_HEADER_LENGTH, length);
        }
        byte[] first = fragments.get(0);
        assertEquals(Ipv6Builder.NEXT_HEADER_ICMPV6, first[Ipv6Builder.HEADER_LENGTH] & 0xFF, shown);
        ByteBuffer whole = ByteBuffer.allocate(Ipv6Builder.HEADER_LENGTH + data.size());
        whole.put(first, 0, Ipv6Builder.HEADER_LENGTH).put(data.toByteArray());
        byte[] reassembled = whole.array();
        reassembled[Ipv6Builder.NEXT_HEADER] = (byte) Ipv6Builder.NEXT_HEADER_ICMPV6;
        reassembled[Ipv6Builder.PAYLOAD_LENGTH] = (byte) (data.size() >>> 8);
        reassembled[Ipv6Builder.PAYLOAD_LENGTH + 1] = (byte) data.size();
        assertEchoReplyTo(echo, 0, new ReturnedPacket(reassembled), shown);
    }

    private static int fragmentWord(byte[] fragment) {
        return (fragment[Ipv6Builder.HEADER_LENGTH + 2] & 0xFF) << 8 | (fragment[Ipv6Builder.HEADER_LENGTH + 3] & 0xFF);
    }

    /** The Fragment Offset in bytes: the upper 13 bits of the word count 8-octet units. */
    private static int fragmentOffset(byte[] fragment) {
        return fragmentWord(fragment) & 0xFFF8;
    }

    private static boolean moreFragments(byte[] fragment) {
        return (fragmentWord(fragment) & 1) != 0;
    }

    private static int fragmentIdentification(byte[] fragment) {
        return ByteBuffer.wrap(fragment, Ipv6Builder.HEADER_LENGTH + 4, 4).getInt();
    }

    /**
     * Asserts that {@code reply} answers the echo request {@code echo} as RFC 4443 4.2 says, the way Linux sends it:
     * type 129, from the address pinged, to the requester, the request's traffic class, hop limit 64, a checksum that
     * verifies, and "The data received in the ICMPv6 Echo Request message MUST be returned entirely and unmodified in
     * the ICMPv6 Echo Reply message" (with the identifier and the sequence number).
     */
    static void assertEchoReplyTo(byte[] echo, int trafficClass, ReturnedPacket reply, String context) {
        assertTrue(reply.isEchoReply() && reply.isIpv6(), "an ICMPv6 echo reply\n" + context);
        assertEquals(Ipv6Addresses.text(RESPONDER), reply.sourceText(), "from the address the request was sent to");
        assertEquals(Ipv6Addresses.text(KERNEL), reply.destinationText(), "to the request's source");
        assertEquals(64, reply.hopLimit(), "hop limit 64, as Linux's default (net.ipv6.conf.*.hop_limit)");
        assertEquals(trafficClass, reply.trafficClass(), "the request's traffic class, as Linux reflects it\n"
            + context);
        assertTrue(reply.icmpChecksumVerifies(), "the reply's ICMPv6 checksum verifies: " + reply);
        byte[] replied = reply.icmpMessage();
        assertArrayEquals(Arrays.copyOfRange(echo, 4, echo.length), Arrays.copyOfRange(replied, 4, replied.length),
            "identifier, sequence number and data are the request's, byte for byte\n" + context);
    }
}
