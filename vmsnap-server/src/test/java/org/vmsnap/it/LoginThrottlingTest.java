package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Password guessing is slowed: after five wrong passwords an account answers 429 from that address (the right
 * password too, without being looked at) with Retry-After, in Danube's and VSS's shapes; every failure is in the
 * task log with the address, never the password.
 */
@OnH2
class LoginThrottlingTest extends VssTest {
    private DanubeClient.Answer login(String user, String password) {
        return client().raw(
                        "POST",
                        "/accounts/login/",
                        "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}",
                        Map.of("Content-Type", "application/json"));
    }

    @Test
    void wrongPasswordsEarnABackoffAndTheAuditLogRecordsThem() {
        String user = unique("guessed");
        newUser(user);
        for (int i = 0; i < 5; i++) {
            DanubeClient.Answer wrong = login(user, "guess-" + i);
            assertThat(wrong.status()).isEqualTo(400);
            assertThat(wrong.json().path("detail").asText()).isEqualTo("Unable to log in with provided credentials.");
        }
        DanubeClient.Answer throttled = login(user, "pw-" + user);
        assertThat(throttled.status()).as("even the right password waits").isEqualTo(429);
        assertThat(throttled.json().path("detail").asText())
                .matches("Request was throttled. Expected available in \\d+ seconds.");
        assertThat(Integer.parseInt(throttled.header("Retry-After"))).isBetween(1, 30);

        var vss = vss().raw(
                        "POST",
                        "/auth/request-token",
                        "{}",
                        "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":pw-" + user).getBytes()));
        assertThat(vss.statusCode()).isEqualTo(429);
        assertThat(vss.headers().firstValue("Retry-After")).isPresent();

        // an unknown account fails the same way (and is logged under the name given)
        assertThat(login("nobody-" + user, "x").status()).isEqualTo(400);

        JsonNode log = admin().get("/task/log/", Map.of("page", "1")).json().path("results");
        int failures = 0;
        for (JsonNode e : log) {
            if (e.path("msg").asText().equals("Failed login")
                    && e.path("detail").asText().contains(user)) {
                failures++;
                assertThat(e.path("detail").asText())
                        .contains("address='127.0.0.1'")
                        .doesNotContain("guess-");
            }
        }
        assertThat(failures).as("five wrong, two throttled, one unknown").isEqualTo(8);
    }
}
