package io.tunstack.app.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.verdict.StackCounters;
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
        StackCounters queue0 = new StackCounters();
        StackCounters queue1 = new StackCounters();
        count(queue0, 3, 3);
        count(queue1, 2, 1);
        queue1.countDrop(DropReason.ICMP_BAD_CHECKSUM);
        try (MetricsServer server = MetricsServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            server.start(CounterSource.of(List.of(queue0, queue1), () -> 7));
            HttpResponse<String> response = get(server, "/metrics", null);
            assertEquals(200, response.statusCode());
            assertEquals(MetricsText.PROMETHEUS_CONTENT_TYPE, response.headers().firstValue("Content-Type").orElse(""));
            String body = response.body();
            assertTrue(body.contains("\ntunstack_packets_read_total 5\n"), body);
            assertTrue(body.contains("\ntunstack_packets_written_total 4\n"), body);
            assertTrue(body.contains("\ntunstack_icmp_sent_total{type=\"0\",name=\"echo-reply\"} 4\n"), body);
            assertTrue(body.contains("\ntunstack_drops_total{reason=\"icmp-bad-checksum\"} 1\n"), body);
            assertTrue(body.contains("\ntunstack_device_errors_total 7\n"), body);
        }
    }

    @Test
    void negotiatesOpenMetrics() throws Exception {
        try (MetricsServer server = MetricsServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            server.start(CounterSource.of(List.of(new StackCounters()), () -> 0));
            HttpResponse<String> response = get(server, "/metrics",
                    "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");
            assertEquals(MetricsText.OPENMETRICS_CONTENT_TYPE,
                    response.headers().firstValue("Content-Type").orElse(""));
            assertTrue(response.body().endsWith("# EOF\n"), response.body());
        }
    }

    @Test
    void otherPathsAreNotFound() throws Exception {
        try (MetricsServer server = MetricsServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            server.start(CounterSource.of(List.of(), () -> 0));
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

    private static void count(StackCounters counters, int received, int replies) {
        for (int i = 0; i < received; i++) {
            counters.countReceived();
        }
        for (int i = 0; i < replies; i++) {
            counters.countIcmpSent(0);
            counters.countTransmitted();
        }
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
