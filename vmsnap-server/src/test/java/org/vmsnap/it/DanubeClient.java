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
import java.util.Map;
import java.util.stream.Collectors;

/** Talks to the server the way Danube's {@code es} client does (headers, string values, no redirects). */
public final class DanubeClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private final String base;
    private final String token;

    public DanubeClient(String base) {
        this(base, null);
    }

    private DanubeClient(String base, String token) {
        this.base = base;
        this.token = token;
    }

    /** A response: status, body, and the body parsed when it is JSON. */
    public record Answer(int status, HttpResponse<String> response) implements HttpAnswer {

        public Answer expect(int expected) {
            assertThat(status)
                    .as("HTTP status of %s: %s", response.request().uri(), body())
                    .isEqualTo(expected);
            return this;
        }

        /** For a streamed answer: the final status line and JSON after the keep-alive spaces. */
        public Answer expectFinal(int expected) {
            assertThat(finalStatus()).as("final status: %s", body()).isEqualTo(expected);
            return this;
        }

        public int finalStatus() {
            String text = body().stripLeading();
            int nl = text.indexOf('\n');
            return Integer.parseInt(text.substring(0, nl).strip());
        }

        public JsonNode finalJson() {
            String text = body().stripLeading();
            try {
                return JSON.readTree(text.substring(text.indexOf('\n') + 1));
            } catch (IOException e) {
                throw new AssertionError("not a streamed final answer: " + body(), e);
            }
        }
    }

    /** The uuid of a VM's disk (1-based position), as the VM's detail lists it. */
    public String diskUuid(String vm, int diskId) {
        return get("/vm/" + vm + "/", Map.of())
                .expect(200)
                .json()
                .path("result")
                .path("disks")
                .get(diskId - 1)
                .path("uuid")
                .asText();
    }

    public DanubeClient withToken(String newToken) {
        return new DanubeClient(base, newToken);
    }

    public String token() {
        return token;
    }

    public DanubeClient login(String username, String password) {
        Answer answer = post("/accounts/login/", Map.of("username", username, "password", password))
                .expect(200);
        return withToken(answer.json().path("token").asText());
    }

    public Answer get(String path, Map<String, ?> query) {
        return send("GET", path, query, false, Map.of());
    }

    public Answer post(String path, Map<String, ?> body) {
        return send("POST", path, body, false, Map.of());
    }

    public Answer put(String path, Map<String, ?> body) {
        return send("PUT", path, body, false, Map.of());
    }

    public Answer delete(String path, Map<String, ?> body) {
        return send("DELETE", path, body, false, Map.of());
    }

    /** An async call with {@code ES-STREAM: es}: returns when the task is done. */
    public Answer stream(String method, String path, Map<String, ?> body) {
        return send(method, path, body, true, Map.of());
    }

    public Answer raw(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120));
        headers.forEach(b::header);
        if (token != null && !headers.containsKey("Authorization")) {
            b.header("Authorization", "Token " + token);
        }
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

    private Answer send(String method, String path, Map<String, ?> params, boolean stream, Map<String, String> extra) {
        String url = path;
        String body = null;
        if (method.equals("GET")) {
            if (!params.isEmpty()) {
                url += "?"
                        + params.entrySet().stream()
                                .map(e -> enc(e.getKey()) + "=" + enc(String.valueOf(e.getValue())))
                                .collect(Collectors.joining("&"));
            }
        } else {
            try {
                body = JSON.writeValueAsString(params);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        var headers = new java.util.LinkedHashMap<String, String>();
        headers.put("User-Agent", "es/1.3.3");
        headers.put("Accept", "application/json; indent=4");
        headers.put("Content-Type", "application/json; indent=4");
        if (stream) {
            headers.put("ES-STREAM", "es");
        }
        headers.putAll(extra);
        return raw(method, url, body, headers);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
