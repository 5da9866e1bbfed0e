package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code /actuator/health} and its liveness and readiness groups: anonymous callers, users and wrong tokens see
 * the status alone; an admin with the usual API token sees the database, the data directory, the QEMU tools and the
 * broker (none configured here).
 */
@OnH2
class HealthTest extends IntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Answer(int status, JsonNode json) {}

    private Answer get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (token != null) {
            request.header("Authorization", "Token " + token);
        }
        HttpResponse<String> response =
                HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), JSON.readTree(response.body()));
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void anonymousCallersUsersAndWrongTokensSeeTheStatusAlone() throws Exception {
        String userToken = newUser(unique("hu")).token();
        for (String token : new String[] {null, userToken, "not-a-token"}) {
            for (String path : List.of("/actuator/health", "/actuator/health/readiness", "/actuator/health/liveness")) {
                Answer answer = get(path, token);
                assertThat(answer.status()).as(path).isEqualTo(200);
                assertThat(fields(answer.json())).as(path + " with " + token).containsExactly("status");
                assertThat(answer.json().path("status").asText()).isEqualTo("UP");
            }
        }
    }

    @Test
    void anAdminSeesWhatReadinessCovers() throws Exception {
        JsonNode health = get("/actuator/health/readiness", admin().token()).json();
        assertThat(health.path("status").asText()).isEqualTo("UP");
        JsonNode parts = health.path("components");
        assertThat(fields(parts)).contains("broker", "dataDir", "db", "qemu", "readinessState");
        assertThat(parts.path("dataDir").path("details").path("path").asText())
                .isEqualTo(dataDir.toAbsolutePath().normalize().toString());
        assertThat(parts.path("dataDir").path("details").path("free").asLong()).isPositive();
        assertThat(parts.path("qemu").path("details").path("qemu-img").asText()).endsWith("/qemu-img");
        assertThat(parts.path("broker").path("details").path("configured").asBoolean())
                .isFalse();
        assertThat(parts.path("db").path("status").asText()).isEqualTo("UP");
        assertThat(fields(
                        get("/actuator/health/liveness", admin().token()).json().path("components")))
                .containsExactly("livenessState");
    }

    @Test
    void nothingElseOfTheActuatorIsServed() throws Exception {
        for (String path : List.of("/actuator/env", "/actuator/beans", "/actuator/metrics")) {
            assertThat(HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                            .header("Authorization", "Token " + admin().token())
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode())
                    .as(path)
                    .isEqualTo(404);
        }
    }
}
