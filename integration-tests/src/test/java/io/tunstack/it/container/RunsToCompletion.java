package io.tunstack.it.container;

import com.github.dockerjava.api.DockerClient;
import org.testcontainers.containers.startupcheck.StartupCheckStrategy;

/**
 * A start-up check for a container that is expected to exit on its own: start-up is complete once the container has
 * stopped, whatever its exit code, so the test can look at that code and the log. A container that keeps running
 * fails the check when its timeout runs out, so a hang is a test failure, not a stuck build.
 */
final class RunsToCompletion extends StartupCheckStrategy {

    @Override
    public StartupStatus checkStartupState(DockerClient dockerClient, String containerId) {
        Boolean running = getCurrentState(dockerClient, containerId).getRunning();
        return Boolean.TRUE.equals(running) ? StartupStatus.NOT_YET_KNOWN : StartupStatus.SUCCESSFUL;
    }
}
