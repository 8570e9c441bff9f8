package io.tunstack.it.container;

import io.tunstack.it.support.Prerequisites;
import org.testcontainers.DockerClientFactory;

/**
 * What the container tests need before they start, under the shared policy of {@link Prerequisites}: outside CI a
 * missing Docker daemon skips them with a message that says why; with {@code CI=true} it fails them.
 *
 * <p>{@link #requireDocker()} belongs beside the other {@code requireX()} methods of {@link Prerequisites}; it lives
 * here only because that class has another owner.
 */
final class ContainerPrerequisites {

    private ContainerPrerequisites() {}

    /** A Docker daemon answers (Testcontainers finds it through DOCKER_HOST or the usual socket). */
    static void requireDocker() {
        Prerequisites.require(DockerClientFactory.instance().isDockerAvailable(),
                "no Docker daemon answers: the container tests need one (start it, e.g. with .ci/start-dockerd.sh)");
    }
}
