package io.tunstack.it.container;

import static org.junit.jupiter.api.Assertions.fail;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.utility.DockerImageName;

/**
 * The tunstack image, built once per test run from the project's own {@code Dockerfile}, with the project root as
 * build context ({@code .dockerignore} narrows it to what the app module's build made: the jar, the launcher
 * {@code app/target/tunstack}, its class list and jffi's unpacked stub).
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

    /** How long a pull of the missing base image may take before the tests give up on it. */
    private static final Duration PULL_TIMEOUT = Duration.ofSeconds(60);

    private static String built;

    /** Why the build failed, if it did: every later test fails at once with it rather than trying again. */
    private static Throwable buildFailure;

    private TunstackImage() {}

    /** Builds the image on first use and returns its name. */
    static synchronized String get() {
        if (built == null && buildFailure == null) {
            try {
                built = build();
            } catch (RuntimeException | AssertionError e) {
                buildFailure = e;
                throw e;
            }
        }
        if (buildFailure != null) {
            fail("the tunstack image could not be built earlier in this run: " + buildFailure.getMessage(),
                    buildFailure);
        }
        return built;
    }

    private static String build() {
        Path root = Path.of(System.getProperty("tunstack.root", "..")).toAbsolutePath().normalize();
        for (String built : new String[] {"app/target/tunstack.jar", "app/target/tunstack",
            "app/target/tunstack.classlist"}) {
            Path file = root.resolve(built);
            if (!Files.isRegularFile(file)) {
                fail("the image copies " + file + ", which does not exist: package the app module first"
                        + " (./mvnw -B verify)");
            }
        }
        DockerClient docker = DockerClientFactory.instance().client();
        Optional<String> previous = imageId(docker, NAME);
        requireBaseImage(docker);
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

    /**
     * Makes sure the base image is present, pulling it if need be, within {@link #PULL_TIMEOUT}: Testcontainers' own
     * pull retries for minutes where the registry cannot be reached.
     */
    private static void requireBaseImage(DockerClient docker) {
        if (imageId(docker, BASE_IMAGE).isPresent()) {
            return;
        }
        DockerImageName base = DockerImageName.parse(BASE_IMAGE);
        try {
            docker.pullImageCmd(base.getUnversionedPart())
                    .withTag(base.getVersionPart())
                    .exec(new PullImageResultCallback())
                    .awaitCompletion(PULL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (DockerException | DockerClientException e) {
            // Reported below, with what to do about it.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (imageId(docker, BASE_IMAGE).isEmpty()) {
            fail("the base image " + BASE_IMAGE + " is not present, and a pull failed or took over "
                    + PULL_TIMEOUT.toSeconds() + " s: build it locally with .ci/base-image.sh (as root)");
        }
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
