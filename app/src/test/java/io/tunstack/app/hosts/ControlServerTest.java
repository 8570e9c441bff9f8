package io.tunstack.app.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.stack.address.IpAddress;
import io.tunstack.stack.profile.HostProfile;
import io.tunstack.stack.profile.ProfileCounters.Effect;
import io.tunstack.stack.profile.ProfileTable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The control API on the loopback address, port chosen by the kernel. */
class ControlServerTest {

    private static final Map<String, HostProfile> NAMED = Map.of("slow", HostProfile.parse("delay 200ms"));

    private final HostProfiles profiles = new HostProfiles(1);
    private ControlServer server;

    private ControlServer start(String token) throws IOException {
        profiles.load(NAMED, List.of(HostAssignment.parse("172.21.22.30 slow", NAMED)), List.of());
        server = ControlServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), profiles, token);
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<String> send(String method, String path, String body, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + server.address().getPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private ProfileTable.Entry lookup(String address) {
        IpAddress ip = IpAddress.parse(address);
        return profiles.source(0).current().lookup(ip.family(), ip.high(), ip.low());
    }

    @Test
    void listsTheHostsAsTabSeparatedLines() throws Exception {
        start(null);

        HttpResponse<String> response = send("GET", "/hosts", null, null);

        assertEquals(200, response.statusCode());
        assertEquals("172.21.22.30\tslow\tdelay 200ms\tfile\n", response.body());
    }

    @Test
    void listsTheHostsAsJsonOnRequest() throws Exception {
        start(null);

        HttpResponse<String> response = send("GET", "/hosts?format=json", null, null);

        assertEquals("{\"hosts\":[{\"range\":\"172.21.22.30\",\"profile\":\"slow\",\"words\":\"delay 200ms\","
                + "\"origin\":\"file\"}]}\n", response.body());
    }

    @Test
    void putSetsAProfileFromTheNextPacketAndDeleteRemovesIt() throws Exception {
        start(null);

        HttpResponse<String> put = send("PUT", "/hosts/172.21.22.64/28", "loss 30%", null);
        assertEquals(200, put.statusCode(), put.body());
        assertEquals("loss 30%", lookup("172.21.22.70").name());

        HttpResponse<String> named = send("PUT", "/hosts/172.21.22.70", "slow", null);
        assertEquals(200, named.statusCode(), named.body());
        assertEquals("slow", lookup("172.21.22.70").name());

        assertEquals(200, send("DELETE", "/hosts/172.21.22.70", null, null).statusCode());
        assertEquals("loss 30%", lookup("172.21.22.70").name(), "the /28 applies again");
        assertEquals(404, send("DELETE", "/hosts/172.21.22.70", null, null).statusCode());
    }

    @Test
    void aBadWordIsA400NamingIt() throws Exception {
        start(null);

        HttpResponse<String> response = send("PUT", "/hosts/172.21.22.31", "delay fast", null);

        assertEquals(400, response.statusCode());
        assertTrue(response.body().startsWith("'fast'"), response.body());
        assertEquals(1, profiles.hosts().size(), "nothing changed");
    }

    @Test
    void profilesListWhatEachDid() throws Exception {
        start(null);
        lookup("172.21.22.30").counters().count(Effect.MATCHED);
        lookup("172.21.22.30").counters().count(Effect.DELAYED);

        String body = send("GET", "/profiles", null, null).body();

        assertTrue(body.startsWith("slow\tdelay 200ms\tmatched=1\tdelayed=1\tlost=0"), body);
    }

    @Test
    void withATokenEveryRequestMustCarryIt() throws Exception {
        start("s3cret");

        assertEquals(401, send("GET", "/hosts", null, null).statusCode());
        assertEquals(401, send("PUT", "/hosts/172.21.22.31", "down", "wrong").statusCode());
        assertEquals(1, profiles.hosts().size());
        assertEquals(200, send("GET", "/hosts", null, "s3cret").statusCode());
    }

    @Test
    void aNonLoopbackAddressNeedsAToken() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ControlServer.bind(
                new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0), profiles, null));
        assertTrue(e.getMessage().contains("token"), e.getMessage());
    }

    @Test
    void otherPathsAndMethodsAreRefused() throws Exception {
        start(null);

        assertEquals(404, send("GET", "/nothing", null, null).statusCode());
        assertEquals(405, send("POST", "/hosts", "down", null).statusCode());
        assertEquals(405, send("GET", "/hosts/172.21.22.30", null, null).statusCode());
    }
}
