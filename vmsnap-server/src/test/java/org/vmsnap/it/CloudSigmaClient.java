package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Talks to {@code /api/2.0/} the way pycloudsigma does: HTTP Basic with e-mail and password (or a session cookie
 * with {@code X-CSRFToken}), {@code content-type: application/json} on every request, its user agent, JSON bodies.
 */
public final class CloudSigmaClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private final String base;
    private final Map<String, String> auth;

    private CloudSigmaClient(String base, Map<String, String> auth) {
        this.base = base;
        this.auth = Map.copyOf(auth);
    }

    /** {@code base} is the api_endpoint, e.g. {@code http://127.0.0.1:8000/api/2.0/}. */
    public static CloudSigmaClient basic(String base, String email, String password) {
        String token = Base64.getEncoder().encodeToString((email + ":" + password).getBytes(StandardCharsets.UTF_8));
        return new CloudSigmaClient(base, Map.of("Authorization", "Basic " + token));
    }

    public static CloudSigmaClient anonymous(String base) {
        return new CloudSigmaClient(base, Map.of());
    }

    /** The same client with these headers instead of Basic credentials (a session's cookie and CSRF token). */
    public CloudSigmaClient withHeaders(Map<String, String> headers) {
        return new CloudSigmaClient(base, headers);
    }

    /** A response, with the body parsed when it is JSON. */
    public record Answer(int status, HttpResponse<String> response) implements HttpAnswer {

        /** What pycloudsigma returns: {@code objects} unwrapped, a single object when there is exactly one. */
        public JsonNode parsed() {
            JsonNode j = json();
            if (j.has("objects")) {
                JsonNode objects = j.get("objects");
                return objects.size() == 1 ? objects.get(0) : objects;
            }
            return j;
        }

        public Answer expect(int expected) {
            assertThat(status)
                    .as(
                            "HTTP status of %s %s: %s",
                            response.request().method(), response.request().uri(), body())
                    .isEqualTo(expected);
            return this;
        }

        /** Asserts CloudSigma's error shape: a list of one {@code {error_type, error_message, error_point}}. */
        public Answer expectError(int expected, String type) {
            expect(expected);
            JsonNode j = json();
            assertThat(j.isArray()).as("error body is a list: %s", body()).isTrue();
            assertThat(j).hasSize(1);
            JsonNode e = j.get(0);
            assertThat(e.has("error_point")).as(body()).isTrue();
            assertThat(e.path("error_message").isTextual()).as(body()).isTrue();
            assertThat(e.path("error_type").asText()).as(body()).isEqualTo(type);
            return this;
        }
    }

    public Answer get(String path) {
        return send("GET", path, null);
    }

    public Answer post(String path, Object body) {
        return send("POST", path, body);
    }

    public Answer put(String path, Object body) {
        return send("PUT", path, body);
    }

    public Answer delete(String path) {
        return send("DELETE", path, null);
    }

    /** Polls {@code GET path} until {@code done} holds for the parsed answer, or fails after {@code max}. */
    public JsonNode await(String path, Predicate<Answer> done, Duration max) {
        Instant deadline = Instant.now().plus(max);
        while (true) {
            Answer a = get(path);
            if (done.test(a)) {
                return a.status() == 200 ? a.json() : null;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("condition not reached within " + max + " on " + path + ": " + a.body());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Waits until the object at {@code path} has {@code status}. */
    public JsonNode awaitStatus(String path, String status) {
        return await(
                path,
                a -> a.status() == 200 && a.json().path("status").asText().equals(status),
                Duration.ofSeconds(60));
    }

    /** Waits until {@code path} answers 404. */
    public void awaitGone(String path) {
        await(path, a -> a.status() == 404, Duration.ofSeconds(60));
    }

    /** Any method, with this client's credentials and pycloudsigma's headers; a String body is sent as it is. */
    public Answer call(String method, String path, Object body) {
        return send(method, path, body);
    }

    private Answer send(String method, String path, Object body) {
        String text;
        try {
            text = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put("user-agent", "CloudSigma turlo client");
        headers.putAll(auth);
        return raw(method, path, text, headers);
    }

    public Answer raw(String method, String path, String body, Map<String, String> headers) {
        String url = path.startsWith("http") ? path : base + (path.startsWith("/") ? path.substring(1) : path);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120));
        headers.forEach(b::header);
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> response = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response);
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
