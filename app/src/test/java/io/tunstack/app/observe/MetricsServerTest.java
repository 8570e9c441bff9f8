package io.tunstack.app.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.stack.verdict.Answer;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.verdict.StackCounters;
import io.tunstack.stack.verdict.Verdict;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Serves on the loopback address only, on a port the kernel picks. */
class MetricsServerTest {

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void servesTheSumOfEveryQueue() throws Exception {
        QueueCounters queue0 = answering(3);
        QueueCounters queue1 = answering(1);
        queue1.stack().count(Verdict.dropped(DropReason.ICMP_BAD_CHECKSUM));
        for (int i = 0; i < 7; i++) {
            queue1.device().countDeviceError();
        }
        try (MetricsServer server = MetricsServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            server.start(CounterSource.of(List.of(queue0, queue1)));
            HttpResponse<String> response = get(server, "/metrics", null);
            assertEquals(200, response.statusCode());
            assertEquals(MetricsText.PROMETHEUS_CONTENT_TYPE, response.headers().firstValue("Content-Type").orElse(""));
            String body = response.body();
            assertTrue(body.contains("\ntunstack_packets_read_total 5\n"), body);
            assertTrue(body.contains("\ntunstack_packets_written_total 4\n"), body);
            assertTrue(body.contains("\ntunstack_icmp_sent_total{type=\"0\",name=\"echo-reply\"} 4\n"), body);
            assertTrue(body.contains(
                    "\ntunstack_packets_answered_total{protocol=\"icmp\",answer=\"icmpv4-echo-reply\"} 4\n"), body);
            assertTrue(body.contains("\ntunstack_drops_total{reason=\"icmp-bad-checksum\"} 1\n"), body);
            assertTrue(body.contains("\ntunstack_device_errors_total 7\n"), body);
        }
    }

    @Test
    void negotiatesOpenMetrics() throws Exception {
        try (MetricsServer server = MetricsServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            server.start(CounterSource.of(List.of(answering(0))));
            HttpResponse<String> response = get(server, "/metrics",
                    "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");
            assertEquals(MetricsText.OPENMETRICS_CONTENT_TYPE,
                    response.headers().firstValue("Content-Type").orElse(""));
            assertTrue(response.body().endsWith("# EOF\n"), response.body());
        }
    }

    @Test
    void readyOnlyWhileAnswering() throws Exception {
        try (MetricsServer server = MetricsServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            HttpResponse<String> before = get(server, "/ready", null);
            assertEquals(503, before.statusCode(), before.body());
            assertEquals(503, get(server, "/metrics", null).statusCode());

            server.start(CounterSource.of(List.of(answering(0))));
            HttpResponse<String> answering = get(server, "/ready", null);
            assertEquals(200, answering.statusCode());
            assertEquals("ready\n", answering.body());

            server.stopping();
            HttpResponse<String> stopping = get(server, "/ready", null);
            assertEquals(503, stopping.statusCode());
            assertEquals("stopping\n", stopping.body());
            assertEquals(200, get(server, "/metrics", null).statusCode(), "the counters are still served");
        }
    }

    @Test
    void otherPathsAreNotFound() throws Exception {
        try (MetricsServer server = MetricsServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            server.start(CounterSource.of(List.of()));
            assertEquals(404, get(server, "/", null).statusCode());
        }
    }

    @Test
    void aPortInUseIsNamedInTheError() throws Exception {
        try (MetricsServer first = MetricsServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            IOException e = assertThrows(IOException.class, () -> MetricsServer.bind(first.address()));
            assertTrue(e.getMessage().startsWith("cannot serve metrics on 127.0.0.1:" + first.address().getPort()),
                    e.getMessage());
        }
    }

    @Test
    void closingBeforeStartFreesThePort() throws Exception {
        InetSocketAddress address;
        try (MetricsServer server = MetricsServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            address = server.address();
        }
        MetricsServer.bind(address).close();
    }

    /** A queue that answered {@code replies} echo requests and wrote every reply. */
    private static QueueCounters answering(int replies) {
        QueueCounters queue = new QueueCounters(new StackCounters(), new DeviceCounters());
        for (int i = 0; i < replies; i++) {
            queue.stack().count(Verdict.answered(Answer.ICMPV4_ECHO_REPLY));
            queue.stack().countSent(Answer.ICMPV4_ECHO_REPLY);
            queue.device().countWritten();
        }
        return queue;
    }

    private HttpResponse<String> get(MetricsServer server, String path, String accept)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.address().getPort() + path));
        if (accept != null) {
            request.header("Accept", accept);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
