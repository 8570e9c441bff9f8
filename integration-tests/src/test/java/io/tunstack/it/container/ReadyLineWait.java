package io.tunstack.it.container;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.output.FrameConsumerResultCallback;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.output.WaitingConsumer;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;

/**
 * Waits until the container logs a line matching a regular expression: tunstack's ready line. Unlike Testcontainers'
 * log-message wait, it gives up as soon as the container's output ends (the program exited), so a tunstack that
 * fails at start-up fails the test at once, with its log, rather than after the whole start-up timeout.
 */
final class ReadyLineWait extends AbstractWaitStrategy {

    private final String lineRegex;

    ReadyLineWait(String lineRegex) {
        this.lineRegex = "(?s)" + lineRegex; // a frame is one line, with its line ending
    }

    @Override
    protected void waitUntilReady() {
        WaitingConsumer output = new WaitingConsumer();
        AtomicBoolean ended = new AtomicBoolean();
        try (FrameConsumerResultCallback follow = new FrameConsumerResultCallback()) {
            follow.addConsumer(OutputFrame.OutputType.STDOUT, output);
            follow.addConsumer(OutputFrame.OutputType.STDERR, output);
            waitStrategyTarget.getDockerClient()
                    .logContainerCmd(waitStrategyTarget.getContainerId())
                    .withFollowStream(true)
                    .withSince(0)
                    .withStdOut(true)
                    .withStdErr(true)
                    .exec(follow);
            output.waitUntil(frame -> {
                if (frame == OutputFrame.END) {
                    ended.set(true);
                    return true;
                }
                return frame.getUtf8String().matches(lineRegex);
            }, startupTimeout.toMillis(), TimeUnit.MILLISECONDS, 1);
        } catch (TimeoutException e) {
            throw new ContainerLaunchException(
                    "no line matching '" + lineRegex + "' within " + startupTimeout.toSeconds() + " s");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (ended.get()) {
            throw new ContainerLaunchException("the container's output ended (it exited) before a line matching '"
                    + lineRegex + "'");
        }
    }
}
