package org.vmsnap.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What pyvss's {@code VssManager} sends and parses (other.md §C.1, §C.6), method for method: JSON bodies, {@code
 * Authorization: Bearer}, {@code process_rv} (204 → {@code {"status":204}}; 4xx/5xx → {@link VssError} built from
 * {@code error}/{@code message}; a 2xx without a JSON {@code Content-Type} → "invalid api response"), and every method
 * returning {@code response["data"]}.
 */
final class PyVss {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** pyvss's {@code VssError}: {@code "status: 400; error: ...; message: ..."}. */
    static final class VssError extends RuntimeException {
        final int status;
        final String error;
        final String message;

        VssError(int status, String error, String message) {
            super("status: " + status + "; error: " + error + "; message: " + message);
            this.status = status;
            this.error = error;
            this.message = message;
        }
    }

    private final String endpoint;
    private String token;

    PyVss(String endpoint) {
        this.endpoint = endpoint;
    }

    String token() {
        return token;
    }

    PyVss withToken(String tk) {
        this.token = tk;
        return this;
    }

    /** {@code get_token(user, password, otp)}: POST /auth/request-token, Basic + {"otp": ...}. */
    String getToken(String user, String password, String otp) {
        ObjectNode payload = JSON.createObjectNode();
        if (otp == null) {
            payload.putNull("otp");
        } else {
            payload.put("otp", otp);
        }
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        JsonNode rv = processRv(send("POST", endpoint + "/auth/request-token", payload, "Basic " + basic));
        token = rv.path("token").asText();
        return token;
    }

    /** The JWT's claims, decoded without verification as pyvss does (pyjwt {@code verify_signature=False}). */
    static JsonNode claims(String jwt) {
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    boolean hasVmSnapshot(String vmId) {
        return request("GET", "/v2/vm/" + vmId, null)
                .path("data")
                .path("snapshot")
                .path("exist")
                .asBoolean();
    }

    JsonNode createVmSnapshot(
            String vmId, String desc, String dateTime, int valid, boolean consolidate, boolean withMemory) {
        ObjectNode payload = JSON.createObjectNode()
                .put("description", desc)
                .put("from_date", dateTime)
                .put("valid_for", valid)
                .put("consolidate", consolidate)
                .put("with_memory", withMemory);
        return request("POST", "/v2/vm/" + vmId + "/snapshot", payload).path("data");
    }

    JsonNode getVmSnapshots(String vmId) {
        return request("GET", "/v2/vm/" + vmId + "/snapshot", null).path("data");
    }

    JsonNode getVmSnapshot(String vmId, Object snapshot) {
        return request("GET", "/v2/vm/" + vmId + "/snapshot/" + snapshot, null).path("data");
    }

    JsonNode deleteVmSnapshot(String vmId, Object snapshot) {
        return request("DELETE", "/v2/vm/" + vmId + "/snapshot/" + snapshot, null)
                .path("data");
    }

    JsonNode revertVmSnapshot(String vmId, Object snapshot) {
        return request("PATCH", "/v2/vm/" + vmId + "/snapshot/" + snapshot, null)
                .path("data");
    }

    boolean needsConsolidation(String vmId) {
        return request("GET", "/v2/vm/" + vmId + "/snapshot/consolidate", null)
                .path("data")
                .path("require_disk_consolidation")
                .asBoolean();
    }

    JsonNode consolidateVmDisks(String vmId, Map<String, Object> kwargs) {
        return request("PUT", "/v2/vm/" + vmId + "/snapshot/consolidate", JSON.valueToTree(kwargs))
                .path("data");
    }

    /** {@code get_snapshot_requests(show_all, **kwargs)}: expand=1, following {@code meta.pages.next_url}. */
    List<JsonNode> getSnapshotRequests(boolean showAll, Map<String, String> kwargs) {
        return getRequests("snapshot", showAll, kwargs);
    }

    /** {@code get_change_requests(show_all, **kwargs)}: the same over {@code /v2/request/change}. */
    List<JsonNode> getChangeRequests(boolean showAll, Map<String, String> kwargs) {
        return getRequests("change", showAll, kwargs);
    }

    JsonNode getChangeRequest(long requestId) {
        return request("GET", "/v2/request/change/" + requestId, null).path("data");
    }

    private List<JsonNode> getRequests(String type, boolean showAll, Map<String, String> kwargs) {
        Map<String, String> params = new LinkedHashMap<>(kwargs);
        params.put("expand", "1");
        String url = endpoint + "/v2/request/" + type + "?" + query(params);
        List<JsonNode> out = new ArrayList<>();
        for (int guard = 0; guard < 1000; guard++) {
            JsonNode page = processRv(send("GET", url, null, "Bearer " + token));
            page.path("data").forEach(out::add);
            JsonNode next = page.path("meta").path("pages").get("next_url"); // KeyError in pyvss when absent
            if (next == null) {
                throw new AssertionError("meta.pages.next_url missing: " + page);
            }
            if (!showAll || next.isNull()) {
                return out;
            }
            url = next.asText();
        }
        throw new AssertionError("pages never end");
    }

    JsonNode getSnapshotRequest(long requestId) {
        return request("GET", "/v2/request/snapshot/" + requestId, null).path("data");
    }

    /** {@code extend_snapshot_request}: GET first, refuse unless SCHEDULED (client side), then PUT. */
    JsonNode extendSnapshotRequest(long requestId, int duration) {
        JsonNode current = getSnapshotRequest(requestId);
        if (!current.path("status").asText().equals("SCHEDULED")) {
            throw new IllegalStateException("Only scheduled snapshot requests can be extended.");
        }
        return updateSnapshotRequest(requestId, Map.of("attribute", "duration", "value", duration));
    }

    /** The PUT alone (what pyvss sends after its check), for testing the server's own checks. */
    JsonNode updateSnapshotRequest(long requestId, Object payload) {
        return request("PUT", "/v2/request/snapshot/" + requestId, JSON.valueToTree(payload))
                .path("data");
    }

    /** {@code request_v2}: returns the parsed body (pyvss then takes {@code ["data"]}). */
    JsonNode request(String method, String path, JsonNode payload) {
        return processRv(send(method, endpoint + path, payload, "Bearer " + token));
    }

    /** A raw call: status, headers and body, no parsing. */
    HttpResponse<String> raw(String method, String path, String body, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint + path))
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private HttpResponse<String> send(String method, String url, JsonNode payload, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json")
                .header("Authorization", authorization);
        b.method(
                method,
                payload == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(payload.toString()));
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(method + " " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** pyvss {@code process_rv}. */
    static JsonNode processRv(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status == 204) {
            return JSON.createObjectNode().put("status", 204);
        }
        String contentType = response.headers()
                .firstValue("Content-Type")
                .orElseThrow(() -> new AssertionError("no Content-Type: pyvss would raise TypeError"));
        if (status >= 400) {
            JsonNode body = parse(response.body());
            boolean server = status >= 500;
            throw new VssError(
                    status,
                    body.path("error").asText(server ? "server error" : "user error"),
                    body.path("message").asText(server ? "api unavailable" : "check request and try again"));
        }
        if (!contentType.contains("json")) {
            throw new VssError(status, "invalid api response", response.body());
        }
        if (status != 200 && status != 201 && status != 202) {
            throw new AssertionError("pyvss does not accept status " + status);
        }
        return parse(response.body());
    }

    /** The error body of a 4xx/5xx answer, checked to be the VSS shape. */
    static JsonNode processRvError(HttpResponse<String> response) {
        try {
            processRv(response);
        } catch (VssError e) {
            return parse(response.body());
        }
        throw new AssertionError("not an error: " + response.statusCode());
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    private static String query(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
