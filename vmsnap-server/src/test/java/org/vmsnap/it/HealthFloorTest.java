package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Free space in the data directory below {@code vmsnap.health.min-free}: the service is not ready (503, DOWN, the
 * data directory named to admins), while it stays alive.
 */
@OnH2
@TestPropertySource(properties = "vmsnap.health.min-free=1000000TB")
class HealthFloorTest extends IntegrationTest {
    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (token != null) {
            request.header("Authorization", "Token " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void belowTheFloorTheServiceIsAliveButNotReady() throws Exception {
        HttpResponse<String> readiness = get("/actuator/health/readiness", null);
        assertThat(readiness.statusCode()).isEqualTo(503);
        assertThat(readiness.body()).isEqualTo("{\"status\":\"DOWN\"}");
        assertThat(get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);

        JsonNode details = new ObjectMapper()
                .readTree(get("/actuator/health/readiness", admin().token()).body())
                .path("components")
                .path("dataDir");
        assertThat(details.path("status").asText()).isEqualTo("DOWN");
        assertThat(details.path("details").path("error").asText()).isEqualTo("free space below vmsnap.health.min-free");
    }
}
