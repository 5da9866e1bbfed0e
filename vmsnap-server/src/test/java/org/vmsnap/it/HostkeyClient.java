package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Talks to the HOSTKEY front door as its curl examples do: form bodies, on POST and on GET. */
public final class HostkeyClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String base;

    public HostkeyClient(String base) {
        this.base = base;
    }

    /** An answer: HTTP status and the JSON body. */
    public record Answer(int status, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        /**
         * A login: HTTP 200 with the login object both nested under {@code result} (as HOSTKEY's own client decodes
         * it) and at the top level, the same in both places.
         */
        public JsonNode okLogin() {
            assertThat(status).as(body).isEqualTo(200);
            JsonNode json = json();
            assertThat(json.path("result").isObject()).as(body).isTrue();
            for (String field : new String[] {"token", "token_expire", "servers", "role"}) {
                assertThat(json.path("result").path(field)).as(field).isEqualTo(json.path(field));
            }
            return json;
        }

        /** HTTP 200 with {@code result: OK}. */
        public JsonNode ok() {
            assertThat(status).as(body).isEqualTo(200);
            assertThat(json().path("result").asText()).as(body).isEqualTo("OK");
            return json();
        }

        /** HOSTKEY's error {@code {"code":-1,"message":...}} with this HTTP status; returns the message. */
        public String error(int expectedStatus) {
            assertThat(status).as(body).isEqualTo(expectedStatus);
            assertThat(json().path("code").asInt()).as(body).isEqualTo(-1);
            assertThat(json().has("result")).as(body).isFalse();
            return json().path("message").asText();
        }
    }

    /** {@code pairs} = name, value, name, value...; encoded as a form. */
    public static String form(String... pairs) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.add(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return String.join("&", out);
    }

    public Answer post(String script, String... pairs) {
        return send("POST", script, "", form(pairs));
    }

    /** GET with the parameters in a form body, as the older HOSTKEY docs do ({@code curl -X GET --data ...}). */
    public Answer getWithBody(String script, String... pairs) {
        return send("GET", script, "", form(pairs));
    }

    public Answer send(String method, String script, String query, String body) {
        return send(method, script, query, "application/x-www-form-urlencoded", body);
    }

    /** A body of another content type. */
    public Answer sendTyped(String method, String script, String contentType, String body) {
        return send(method, script, "", contentType, body);
    }

    private Answer send(String method, String script, String query, String contentType, String body) {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(base + "/" + script + (query.isEmpty() ? "" : "?" + query)))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The first of the servers the session's account sees, by HOSTKEY id. */
    public String firstServer(String token) {
        return post("auth.php", "action", "info", "token", token)
                .ok()
                .path("servers")
                .get(0)
                .asText();
    }

    /** Logs in with an API key; returns the token. */
    public String login(String key) {
        return post("auth.php", "action", "login", "key", key, "ttl", "600")
                .okLogin()
                .path("token")
                .asText();
    }

    /** Polls {@code eq_callback.php} until the task is no longer pending (deadline 60 s); returns the last answer. */
    public JsonNode await(String callback) {
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            JsonNode check =
                    post("eq_callback.php", "action", "check", "key", callback).json();
            if (!check.path("context").path("status").asText().equals("pending")) {
                return check;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("callback " + callback + " still pending: " + check);
            }
            pause();
        }
    }

    /** Poll interval: the deadline decides, this only keeps the polling from spinning. */
    static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A vm.php call that must start a task; waits for it and asserts it succeeded. */
    public JsonNode done(String token, String action, String... pairs) {
        List<String> all = new ArrayList<>(List.of("action", action, "token", token));
        all.addAll(List.of(pairs));
        JsonNode started = post("vm.php", all.toArray(String[]::new)).ok();
        String callback = started.path("callback").asText();
        assertThat(callback).matches("[a-z0-9]{32}");
        JsonNode check = await(callback);
        assertThat(check.path("result").asText()).as(check.toString()).isEqualTo("OK");
        assertThat(check.path("context").path("status").asText())
                .as(check.toString())
                .isEqualTo("done");
        return check;
    }
}
