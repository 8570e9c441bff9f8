package io.tunstack.it.container;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;

/**
 * What the container tests need before they start, and what happens when it is missing: outside CI they skip and
 * say why; with {@code CI=true} a skip would hide a broken pipeline, so they fail.
 *
 * <p>To be merged into the shared prerequisites helper in {@code io.tunstack.it.support} once that is on main.
 */
final class ContainerPrerequisites {

    private ContainerPrerequisites() {}

    /** Returns when a Docker daemon answers; otherwise skips the calling tests, or fails them under CI. */
    static void requireDocker() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            unmet("no Docker daemon answers (start dockerd, or run .ci/start-dockerd.sh as root)");
        }
    }

    private static void unmet(String why) {
        String message = "container tests need Docker: " + why;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message + "; CI=true, so this is a failure, not a skip");
        }
        Assumptions.abort(message);
    }
}
