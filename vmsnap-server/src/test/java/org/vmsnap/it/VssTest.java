package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Base of the VSS front-door tests (each names its database): a server whose request loop is off (tests call
 * {@code RequestProcessor.tick(now)} with the instants they choose), and a pyvss-like client logged in as admin.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"vmsnap.scheduler.enabled=false"})
abstract class VssTest extends IntegrationTest {
    private PyVss vss;

    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    PyVss vss() {
        if (vss == null) {
            vss = new PyVss(endpoint());
            vss.getToken("admin", ADMIN_PASSWORD, null);
        }
        return vss;
    }

    PyVss vssAs(String username) {
        PyVss client = new PyVss(endpoint());
        client.getToken(username, "pw-" + username, null);
        return client;
    }

    /** The VM's moref, as VSS clients know it: looked up through {@code GET /v2/vm/<uuid>}. */
    String moref(String hostname) {
        String uuid = admin().get("/vm/" + hostname + "/", Map.of())
                .expect(200)
                .json()
                .path("result")
                .path("uuid")
                .asText();
        return vss().request("GET", "/v2/vm/" + uuid, null)
                .path("data")
                .path("moref")
                .asText();
    }

    /** Polls the request (a real GET each time) until its status is one of {@code statuses}; 60 s at most. */
    JsonNode awaitStatus(PyVss client, long requestId, String... statuses) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        JsonNode r = null;
        while (Instant.now().isBefore(deadline)) {
            r = client.getSnapshotRequest(requestId);
            if (Arrays.asList(statuses).contains(r.path("status").asText())) {
                return r;
            }
            pause(); // a busy loop would take the CPU from the guests under test
        }
        throw new AssertionError("request " + requestId + " never became " + Arrays.toString(statuses) + ": " + r);
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static long requestId(JsonNode submission) {
        assertThat(submission.path("status").asInt()).isEqualTo(202);
        return submission.path("request").path("id").asLong();
    }
}
