/**
 * tunstack in a container, tested through Testcontainers: the image is built from the project's own
 * {@code Dockerfile}, runs with {@code --cap-add NET_ADMIN --device /dev/net/tun} (never privileged), and answers
 * pings inside the container's own network namespace.
 *
 * <p>Needs a Docker daemon. Without one these tests skip and say why; with {@code CI=true} they fail instead
 * ({@link io.tunstack.it.container.ContainerPrerequisites}). Testcontainers is configured for machines that cannot
 * reach Docker Hub through the failsafe settings in {@code integration-tests/pom.xml}.
 */
package io.tunstack.it.container;
