package io.tunstack.stack;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Timer;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The allowed imports between the packages of {@code stack}, lowest layer first, as drawn in docs/ARCHITECTURE.md
 * ("Layering"). A package may import the packages listed for it, itself, the JDK and {@code io.netty.buffer}; nothing
 * else. Each rule fails the build and lists every offending dependency with its source line. Rules for a package
 * that may have no classes allow an empty match: they are in force from the package's first class.
 */
class LayeringTest {

    private static final String STACK = "io.tunstack.stack";
    private static final String VERDICT = STACK + ".verdict";
    private static final String ADDRESS = STACK + ".address";
    private static final String WIRE = STACK + ".wire";
    private static final String FRAGMENT = STACK + ".fragment";
    private static final String LIMIT = STACK + ".limit";
    private static final String IP = STACK + ".ip";
    private static final String CONFIG = STACK + ".config";
    private static final String ICMPV4 = STACK + ".icmpv4";
    private static final String ICMPV6 = STACK + ".icmpv6";
    private static final String PROFILE = STACK + ".profile";
    private static final String UDP = STACK + ".udp";
    private static final String TCP = STACK + ".tcp";
    private static final String IPV4 = STACK + ".ipv4";
    private static final String IPV6 = STACK + ".ipv6";
    private static final String TRACE = STACK + ".trace";
    private static final String LINK = STACK + ".link";

    /** Outside tunstack, every package of stack may use the JDK and Netty's buffers, and nothing else. */
    private static final String[] OUTSIDE = {"java..", "io.netty.buffer.."};

    private static JavaClasses stack;

    @BeforeAll
    static void importMainClasses() {
        stack = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(STACK);
    }

    @Test
    void verdictImportsNothingOfTunstack() {
        mayOnlyImport(VERDICT, "verdicts and counters are the vocabulary every layer speaks").check(stack);
    }

    @Test
    void addressImportsNothingOfTunstack() {
        mayOnlyImport(ADDRESS, "addresses are plain values that configuration, views and every layer share")
                .check(stack);
    }

    @Test
    void wireImportsOnlyVerdictAndAddress() {
        mayOnlyImport(WIRE, "views read and write header fields; they know no layer, handler or policy",
                VERDICT, ADDRESS).check(stack);
    }

    @Test
    void fragmentImportsOnlyVerdictAddressAndWire() {
        mayOnlyImport(FRAGMENT, "reassembly is shared by both families, so it may know neither network layer",
                VERDICT, ADDRESS, WIRE).check(stack);
    }

    @Test
    void limitImportsOnlyVerdictAddressAndWire() {
        mayOnlyImport(LIMIT, "rate limiters are counters over addresses and time, used by layers and handlers alike",
                VERDICT, ADDRESS, WIRE).check(stack);
    }

    @Test
    void ipImportsOnlyVerdictAddressAndWire() {
        mayOnlyImport(IP, "the family-neutral seams sit below every network layer and protocol handler",
                VERDICT, ADDRESS, WIRE).check(stack);
    }

    @Test
    void profileImportsOnlyAddressAndTheSeams() {
        mayOnlyImport(PROFILE, "profiles are values over address ranges that configuration and the layers share;"
                + " what they do to packets uses only the family-neutral seams, limiters and verdicts",
                ADDRESS, VERDICT, IP, LIMIT).check(stack);
    }

    @Test
    void configImportsNothingAboveIp() {
        mayOnlyImport(CONFIG, "configuration describes the layers' settings without needing any layer",
                VERDICT, ADDRESS, WIRE, IP, LIMIT, FRAGMENT, PROFILE).check(stack);
    }

    @Test
    void icmpv4ImportsNoNetworkLayerNorIcmpv6() {
        mayOnlyImport(ICMPV4, "a handler is reached through the protocol table and answers through ip's seams",
                VERDICT, ADDRESS, WIRE, IP, LIMIT, CONFIG).check(stack);
    }

    @Test
    void icmpv6ImportsNoNetworkLayerNorIcmpv4() {
        mayOnlyImport(ICMPV6, "a handler is reached through the protocol table and answers through ip's seams",
                VERDICT, ADDRESS, WIRE, IP, LIMIT, CONFIG).check(stack);
    }

    @Test
    void udpImportsNoNetworkLayerNorOtherHandler() {
        mayOnlyImport(UDP, "a handler is reached through the protocol table and answers through ip's seams",
                VERDICT, ADDRESS, WIRE, IP, LIMIT, CONFIG).check(stack);
    }

    @Test
    void tcpImportsNoNetworkLayerNorOtherHandler() {
        mayOnlyImport(TCP, "a handler is reached through the protocol table and sends through ip's seams; its SYN"
                + " cookies use the JDK's HMAC (javax.crypto)", VERDICT, ADDRESS, WIRE, IP, LIMIT, CONFIG, "javax.crypto..")
                .check(stack);
    }

    @Test
    void ipv4ImportsNoHandlerNorIpv6() {
        mayOnlyImport(IPV4, "a network layer reaches handlers only through the protocol table; families are peers",
                VERDICT, ADDRESS, WIRE, IP, LIMIT, CONFIG, FRAGMENT, PROFILE).check(stack);
    }

    @Test
    void ipv6ImportsNoHandlerNorIpv4() {
        mayOnlyImport(IPV6, "a network layer reaches handlers only through the protocol table; families are peers",
                VERDICT, ADDRESS, WIRE, IP, LIMIT, CONFIG, FRAGMENT, PROFILE).check(stack);
    }

    @Test
    void traceImportsOnlyVerdictAddressAndWire() {
        mayOnlyImport(TRACE, "trace composes the views' field tables into text, so it needs nothing above wire",
                VERDICT, ADDRESS, WIRE).check(stack);
    }

    @Test
    void linkImportsTheLayersBelowAndNetworkStack() {
        mayOnlyImport(LINK, "the link layer sits in front of the whole stack: it strips and adds link headers, answers"
                + " ARP and NDP (with the IPv6 layer's source rules), and hands IP to NetworkStack", VERDICT, ADDRESS,
                WIRE, IP, IPV6, CONFIG, PROFILE, STACK)
                .check(stack);
    }

    @Test
    void nothingBelowImportsLink() {
        noClasses().that().resideOutsideOfPackages(LINK).should().dependOnClassesThat().resideInAPackage(LINK)
                .because("the link layer is the top of the stack module: the layers below know nothing of links,"
                        + " and NetworkStack takes network-layer packets")
                .check(stack);
    }

    @Test
    void rootImportsOnlyStack() {
        mayOnlyImport(STACK, "NetworkStack wires the layers, so it alone may see all of them", STACK + "..")
                .check(stack);
    }

    @Test
    void everyPackageHasARowInTheLayering() {
        classes().should().resideInAnyPackage(STACK, VERDICT, ADDRESS, WIRE, FRAGMENT, LIMIT, IP, PROFILE, CONFIG,
                        ICMPV4, ICMPV6, UDP, TCP, IPV4, IPV6, TRACE, LINK)
                .because("a package outside the table would escape every rule above")
                .check(stack);
    }

    @Test
    void noCyclesBetweenPackages() {
        slices().matching("io.tunstack.(**)").should().beFreeOfCycles()
                .because("two packages that import each other are one layer drawn as two")
                .check(stack);
    }

    @Test
    void noDeviceNorApp() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.tunstack.device..", "io.tunstack.app..")
                .because("the stack is packet logic under both; the device and the app use it, never the reverse")
                .check(stack);
    }

    @Test
    void noIo() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio.channels..", "java.net..")
                .because("the stack borrows buffers and returns verdicts; reading and writing belong to device and app")
                .check(stack);
    }

    @Test
    void noThreads() {
        noClasses().should().callConstructorWhere(target(owner(assignableTo(Thread.class))))
                .orShould().dependOnClassesThat(startsThreads())
                .because("the stack runs on its caller's thread; the app decides how many workers there are")
                .check(stack);
    }

    /**
     * The classes of {@code pkg} depend only on {@code allowed}, on {@code pkg} itself and on {@link #OUTSIDE}. A
     * package name without {@code ..} means that package alone, not its sub-packages.
     */
    private static ArchRule mayOnlyImport(String pkg, String reason, String... allowed) {
        String[] targets = Stream.of(Stream.of(pkg), Stream.of(allowed), Stream.of(OUTSIDE))
                .flatMap(s -> s)
                .toArray(String[]::new);
        return classes().that().resideInAPackage(pkg)
                .should().onlyDependOnClassesThat().resideInAnyPackage(targets)
                .because(reason);
    }

    /** Executors, thread factories and timers: the ways to start a thread without calling its constructor. */
    private static DescribedPredicate<JavaClass> startsThreads() {
        return assignableTo(Executor.class)
                .or(assignableTo(ThreadFactory.class))
                .or(belongToAnyOf(Executors.class, Timer.class))
                .as("start threads");
    }
}
