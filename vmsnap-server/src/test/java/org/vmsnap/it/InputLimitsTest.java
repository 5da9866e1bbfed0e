package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Values at and past the limits of what is stored answer the vendor's field errors or 404s, never a 500: task-log
 * pages past any offset, cron schedules of thousands of characters (the column regex used to overflow the stack),
 * e-mails and passwords over their widths, Spring's own error path. Passphrases longer than BCrypt's 72 bytes work
 * whole.
 */
@OnH2
class InputLimitsTest extends IntegrationTest {
    @Test
    void taskLogPagesPastAnyOffsetAreInvalidPages() {
        for (String page : new String[] {"922337203685477580", "21474837", "9223372036854775807"}) {
            JsonNode answer =
                    admin().get("/task/log/", Map.of("page", page)).expect(404).json();
            assertThat(answer.path("detail").asText()).as(page).isEqualTo("Invalid page.");
        }
        assertThat(admin().get("/task/99999999999999999999999d1-aaaaaaaa-bbbb-cccc-dddd/status/", Map.of())
                        .expect(403)
                        .json()
                        .path("detail")
                        .asText())
                .isEqualTo("Permission denied");
    }

    @Test
    void springsErrorPathIsNoRoute() {
        DanubeClient root = new DanubeClient("http://127.0.0.1:" + port);
        for (String method : new String[] {"GET", "POST", "DELETE"}) {
            DanubeClient.Answer answer = root.raw(method, "/error", null, Map.of());
            assertThat(answer.status()).as(method).isEqualTo(404);
            assertThat(answer.json().path("detail").asText()).isEqualTo("Not found");
        }
    }

    @Test
    void schedulesLongerThanTheColumnAreFieldErrors() {
        String vm = deployVm("admin", 16);
        String huge = "1,".repeat(3000) + "1 * * * *";
        String over = "1,".repeat(123) + "59 * * * *";
        assertThat(over).hasSize(256);
        for (String schedule : new String[] {huge, over}) {
            JsonNode refused = admin().post(
                            "/vm/" + vm + "/define/snapshot/long/", Map.of("schedule", schedule, "retention", "1"))
                    .expect(400)
                    .json();
            assertThat(refused.path("result").path("schedule").get(0).asText())
                    .isEqualTo("Ensure this value has at most 255 characters (it has " + schedule.length() + ").");
        }
        String fits = "1,".repeat(122) + "59 * * * *";
        assertThat(fits).hasSize(254);
        admin().post("/vm/" + vm + "/define/snapshot/long/", Map.of("schedule", fits, "retention", "1"))
                .expect(201);
    }

    @Test
    void emailsAndPasswordsOverTheirWidthsAreFieldErrorsAndLongPassphrasesWork() {
        String name = unique("limits");
        JsonNode email = admin().post(
                        "/accounts/user/" + name + "/", Map.of("password", "pw", "email", "a".repeat(250) + "@b.cz"))
                .expect(400)
                .json();
        assertThat(email.path("result").path("email").get(0).asText())
                .isEqualTo("Ensure this value has at most 254 characters (it has 255).");
        JsonNode password = admin().post("/accounts/user/" + name + "/", Map.of("password", "p".repeat(1025)))
                .expect(400)
                .json();
        assertThat(password.path("result").path("password").get(0).asText())
                .isEqualTo("Ensure this value has at most 1024 characters (it has 1025).");
        admin().get("/accounts/user/" + name + "/", Map.of()).expect(404);

        // 72 bytes and past them (multi-byte characters too): every character counts, and the whole works
        String seventyTwo = "x".repeat(72);
        String passphrase = "correct horse battery staple ".repeat(10) + "žluťoučký kůň";
        for (String pw : new String[] {seventyTwo, passphrase}) {
            String user = unique("pass");
            admin().post(
                            "/accounts/user/" + user + "/",
                            Map.of("password", pw, "api_access", "true", "email", user + "@example.com"))
                    .expect(201);
            client().login(user, pw);
            DanubeClient.Answer wrong = client().raw(
                            "POST",
                            "/accounts/login/",
                            "{\"username\":\"" + user + "\",\"password\":\"" + pw.substring(0, pw.length() - 1)
                                    + "!\"}",
                            Map.of("Content-Type", "application/json"));
            assertThat(wrong.status()).isEqualTo(400);
            String basic = Base64.getEncoder()
                    .encodeToString((user + "@example.com:" + pw).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            DanubeClient cs = new DanubeClient("http://127.0.0.1:" + port + "/api/2.0");
            assertThat(cs.raw("GET", "/drives/", null, Map.of("Authorization", "Basic " + basic))
                            .status())
                    .as("CloudSigma Basic with the same passphrase")
                    .isEqualTo(200);
        }
    }
}
