package io.tunstack.it.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;

/**
 * The shared fixture of the integration tests in a network namespace, as a JUnit 5 extension that a test class
 * registers in a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final NamespaceFixture fixture = NamespaceFixture.named("echo").withTunstack("--answer", "172.21.22.26");
 * }</pre>
 *
 * <p>First it checks the prerequisites ({@link Prerequisites#requireNetworkNamespaces()} and those the class adds
 * with {@link #requiring}) as an {@link ExecutionCondition}: a missing one disables the class with its reason, so
 * that Maven counts its tests as skipped (an assumption that fails in {@code @BeforeAll} shows only "Tests run: 0,
 * Skipped: 0"); with {@code CI=true} the check throws and the class fails. Then, before all tests of the class, it
 * creates the {@link NetworkNamespace}, runs the class's {@link #configuring set-up} in it and, if asked with
 * {@link #withTunstack}, starts one {@link TunstackProcess} there and waits until it is ready. After all tests it
 * stops tunstack, then deletes the namespace, also when a step before failed. A test class that starts its own
 * tunstack per test leaves out {@link #withTunstack}.
 */
public final class NamespaceFixture implements ExecutionCondition, BeforeAllCallback, AfterAllCallback {

    private final String purpose;
    private final List<Runnable> prerequisites = new ArrayList<>();
    private final List<Consumer<NetworkNamespace>> setUp = new ArrayList<>();
    private List<String> tunstackArgs; // null: no shared tunstack

    private NetworkNamespace namespace;
    private TunstackProcess tunstack;

    private NamespaceFixture(String purpose) {
        this.purpose = Objects.requireNonNull(purpose, "purpose");
    }

    /** A fixture whose namespace is called {@code tunstack-<purpose>-<pid>} (see {@link NetworkNamespace#create}). */
    public static NamespaceFixture named(String purpose) {
        return new NamespaceFixture(purpose);
    }

    /**
     * Adds a prerequisite check beyond network namespaces, run before anything is created; it goes through
     * {@link Prerequisites#require}, so it skips the class, or fails it with {@code CI=true}.
     */
    public NamespaceFixture requiring(Runnable prerequisite) {
        prerequisites.add(Objects.requireNonNull(prerequisite, "prerequisite"));
        return this;
    }

    /** Adds a step run in the new namespace before tunstack starts, e.g. {@code NetworkNamespace::disableIpv6}. */
    public NamespaceFixture configuring(Consumer<NetworkNamespace> step) {
        setUp.add(Objects.requireNonNull(step, "step"));
        return this;
    }

    /** Starts one tunstack with {@code args}, shared by every test of the class, once the namespace is set up. */
    public NamespaceFixture withTunstack(String... args) {
        tunstackArgs = List.of(args);
        return this;
    }

    /** The namespace of the running test class. */
    public NetworkNamespace namespace() {
        if (namespace == null) {
            throw new IllegalStateException("no namespace: the fixture is not registered, or its set-up failed");
        }
        return namespace;
    }

    /** The shared tunstack of the running test class. */
    public TunstackProcess tunstack() {
        if (tunstack == null) {
            throw new IllegalStateException("no shared tunstack: register the fixture withTunstack(...)");
        }
        return tunstack;
    }

    /**
     * Checks the prerequisites once, for the test class: disabled with the reason when one is missing outside CI. With
     * {@code CI=true}, {@link Prerequisites#require} throws an {@link AssertionError}, which fails the class.
     */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isPresent()) {
            return ConditionEvaluationResult.enabled("prerequisites checked for the class");
        }
        try {
            Prerequisites.requireNetworkNamespaces();
            prerequisites.forEach(Runnable::run);
        } catch (TestAbortedException missing) {
            return ConditionEvaluationResult.disabled(missing.getMessage());
        }
        return ConditionEvaluationResult.enabled("prerequisites met");
    }

    @Override
    public void beforeAll(ExtensionContext context) throws InterruptedException {
        namespace = NetworkNamespace.create(purpose);
        setUp.forEach(step -> step.accept(namespace));
        if (tunstackArgs != null) {
            tunstack = TunstackProcess.startReady(namespace, tunstackArgs.toArray(String[]::new));
        }
    }

    /** Stops tunstack first (it holds the namespace's device), then deletes the namespace, even if the stop fails. */
    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (tunstack != null) {
                tunstack.close();
            }
        } finally {
            tunstack = null;
            if (namespace != null) {
                namespace.close();
                namespace = null;
            }
        }
    }
}
