package io.tunstack.it.container;

import static org.junit.jupiter.api.Assertions.fail;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The tunstack image, built once per test run from the project's own {@code Dockerfile}, with the project root as
 * build context ({@code .dockerignore} narrows it to {@code app/target/tunstack.jar}).
 *
 * <p>The image keeps a fixed tag and is not deleted after the tests: its layers are the cache that makes the next
 * build take seconds (only the jar layer changes). The image that the new build supersedes is removed, so that
 * repeated runs do not pile up old jars.
 */
final class TunstackImage {

    /** The tag of the tested image. */
    static final String NAME = "localhost/tunstack-it:latest";

    /** The base image, the Dockerfile's {@code BASE_IMAGE} argument: {@code .ci/base-image.sh} provides it. */
    private static final String BASE_IMAGE = System.getProperty("tunstack.baseImage", "debian:bookworm-slim");

    private static String built;

    private TunstackImage() {}

    /** Builds the image on first use and returns its name. */
    static synchronized String get() {
        if (built == null) {
            built = build();
        }
        return built;
    }

    private static String build() {
        Path root = Path.of(System.getProperty("tunstack.root", "..")).toAbsolutePath().normalize();
        Path jar = root.resolve("app/target/tunstack.jar");
        if (!Files.isRegularFile(jar)) {
            fail("the image copies " + jar + ", which does not exist: package the app module first (./mvnw -B verify)");
        }
        DockerClient docker = DockerClientFactory.instance().client();
        Optional<String> previous = imageId(docker, NAME);
        String name = new ImageFromDockerfile(NAME, false)
                .withDockerfile(root.resolve("Dockerfile"))
                .withBuildArg("BASE_IMAGE", BASE_IMAGE)
                .get();
        Optional<String> current = imageId(docker, NAME);
        if (previous.isPresent() && !previous.equals(current)) {
            removeQuietly(docker, previous.get());
        }
        return name;
    }

    private static Optional<String> imageId(DockerClient docker, String image) {
        try {
            return Optional.of(docker.inspectImageCmd(image).exec().getId());
        } catch (NotFoundException absent) {
            return Optional.empty();
        }
    }

    /** Removing the superseded image is housekeeping: a container still using it keeps it, and that is fine. */
    private static void removeQuietly(DockerClient docker, String imageId) {
        try {
            docker.removeImageCmd(imageId).exec();
        } catch (DockerException inUse) {
            // Left for a later run: the test result does not depend on it.
        }
    }
}
