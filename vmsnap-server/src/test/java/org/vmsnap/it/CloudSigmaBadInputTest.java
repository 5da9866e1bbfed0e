package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad input on {@code /api/2.0/}: malformed JSON, unknown fields, wrong types, huge values, foreign uuids,
 * unsupported methods, no or wrong credentials. Every answer is a CloudSigma error list with a 4xx, never a 5xx.
 */
@OnH2
class CloudSigmaBadInputTest extends CloudSigmaTestBase {
    private static final String MISSING = "00000000-0000-4000-8000-000000000000";

    private CloudSigmaClient cs;
    private String drive;
    private String snap;

    @BeforeEach
    void setUp() {
        cs = account("bad");
        drive = createDrive(cs, Map.of("name", "bad", "size", 16L * 1024 * 1024, "media", "disk"));
        snap = snapshot(cs, Map.of("drive", drive, "name", "s1")).path("uuid").asText();
    }

    private record Case(String method, String path, String body, int status, String type, String point) {}

    @Test
    void badBodiesAndParametersAreValidationErrors() {
        String longName = "x".repeat(256);
        List<Case> cases = List.of(
                new Case("POST", "snapshots/", "{", 400, "validation", null),
                new Case(
                        "POST",
                        "snapshots/",
                        "{\"objects\": [{\"drive\": \"" + drive + "\",}]}",
                        400,
                        "validation",
                        null),
                new Case("POST", "snapshots/", "\"str\"", 400, "validation", null),
                new Case("POST", "snapshots/", "", 400, "validation", null),
                new Case("POST", "snapshots/", "{\"objects\": []}", 400, "validation", "objects"),
                new Case("POST", "snapshots/", "{\"objects\": 5}", 400, "validation", "objects"),
                new Case("POST", "snapshots/", "{\"objects\": [5]}", 400, "validation", null),
                new Case("POST", "snapshots/", "{\"objects\": [{}]}", 400, "validation", "drive"),
                invalid("snapshots/", "\"drive\": \"" + drive + "\", \"colour\": \"red\"", "colour"),
                invalid("snapshots/", "\"drive\": 5", "drive"),
                invalid("snapshots/", "\"drive\": \"not-a-uuid\"", "drive"),
                invalid("snapshots/", "\"drive\": [\"" + drive + "\"]", "drive"),
                invalid("snapshots/", "\"drive\": \"" + drive + "\", \"name\": 5", "name"),
                invalid("snapshots/", "\"drive\": \"" + drive + "\", \"name\": \"\"", "name"),
                invalid("snapshots/", "\"drive\": \"" + drive + "\", \"name\": \"" + longName + "\"", "name"),
                invalid("snapshots/", "\"drive\": \"" + drive + "\", \"name\": \"a\\u0000b\"", "name"),
                invalid("snapshots/", "\"drive\": \"" + drive + "\", \"meta\": \"x\"", "meta"),
                invalid("snapshots/", "\"drive\": \"" + drive + "\", \"meta\": {\"k\": 5}", "meta"),
                invalid(
                        "snapshots/",
                        "\"drive\": \"" + drive + "\", \"meta\": {\"" + "k".repeat(33) + "\": \"v\"}",
                        "meta"),
                invalid("snapshots/", "\"drive\": \"" + drive + "\", \"tags\": 3", "tags"),
                invalid("snapshots/", "\"drive\": \"" + drive + "\", \"name\": \"s1\"", "name"),
                invalid("drives/", "\"name\": \"d\", \"size\": \"big\", \"media\": \"disk\"", "size"),
                invalid("drives/", "\"name\": \"d\", \"size\": -1, \"media\": \"disk\"", "size"),
                invalid("drives/", "\"name\": \"d\", \"size\": 1.5, \"media\": \"disk\"", "size"),
                invalid("drives/", "\"name\": \"d\", \"size\": 1e999, \"media\": \"disk\"", "size"),
                invalid("drives/", "\"name\": \"d\", \"size\": 99999999999999999999, \"media\": \"disk\"", "size"),
                invalid("drives/", "\"name\": \"d\", \"size\": 1073741824, \"media\": \"floppy\"", "media"),
                invalid("drives/", "\"name\": \"d\", \"size\": 1073741824", "media"),
                invalid("drives/", "\"size\": 1073741824, \"media\": \"disk\"", "name"),
                invalid("drives/", "\"name\": \"d\", \"size\": 1073741824, \"media\": \"disk\", \"x\": 1", "x"),
                invalid(
                        "drives/",
                        "\"name\": \"d\", \"size\": 1073741824, \"media\": \"disk\", \"storage_type\": \"tape\"",
                        "storage_type"),
                new Case("PUT", "drives/" + drive + "/", "{\"size\": 33554432}", 400, "validation", "size"),
                new Case("PUT", "drives/" + drive + "/", "{\"name\": [1]}", 400, "validation", "name"),
                new Case(
                        "PUT",
                        "snapshots/" + snap + "/",
                        "{\"drive\": \"" + MISSING + "\"}",
                        400,
                        "validation",
                        "drive"),
                new Case("PUT", "snapshots/" + snap + "/", "[1, 2]", 400, "validation", null),
                new Case("PUT", "snapshots/" + snap + "/", "{\"meta\": [\"a\"]}", 400, "validation", "meta"),
                new Case("POST", "snapshots/" + snap + "/action/?do=explode", "{}", 400, "validation", "do"),
                new Case("POST", "snapshots/" + snap + "/action/", "{}", 400, "validation", "do"),
                new Case(
                        "POST",
                        "snapshots/" + snap + "/action/?do=clone",
                        "{\"media\": \"tape\"}",
                        400,
                        "validation",
                        "media"),
                new Case("POST", "snapshots/" + snap + "/action/?do=clone", "{\"size\": 5}", 400, "validation", "size"),
                new Case("DELETE", "snapshots/", "{\"objects\": [{\"name\": \"s1\"}]}", 400, "validation", "uuid"),
                new Case("GET", "snapshots/?limit=abc", null, 400, "validation", "limit"),
                new Case("GET", "snapshots/?limit=-1", null, 400, "validation", "limit"),
                new Case("GET", "drives/detail/?offset=1e3", null, 400, "validation", "offset"),
                new Case(
                        "POST",
                        "accounts/action/?do=login",
                        "{\"username\": 5, \"password\": \"x\"}",
                        400,
                        "validation",
                        "username"),
                new Case("POST", "accounts/action/?do=dance", "{}", 400, "validation", "do"));
        List<String> failures = new ArrayList<>();
        for (Case c : cases) {
            var a = cs.call(c.method(), c.path(), c.body());
            String want = c.status() + " " + c.type() + " " + c.point();
            String got = a.status() + " " + describe(a);
            if (!got.equals(want)) {
                failures.add(c.method() + " " + c.path() + " " + c.body() + ": want " + want + ", got " + got + " "
                        + a.body());
            }
        }
        assertThat(failures).isEmpty();
        // Nothing of the refused calls changed anything.
        assertThat(cs.get("snapshots/?limit=0")
                        .json()
                        .path("meta")
                        .path("total_count")
                        .asInt())
                .isEqualTo(1);
        assertThat(cs.get("drives/?limit=0")
                        .json()
                        .path("meta")
                        .path("total_count")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void aBodyOverOneMebibyteIsRefused() {
        String huge = "{\"objects\": [{\"drive\": \"" + drive + "\", \"name\": \"" + "x".repeat(1100 * 1024) + "\"}]}";
        cs.call("POST", "snapshots/", huge).expectError(413, "validation");
    }

    @Test
    void foreignObjectsAnswerLikeMissingOnes() {
        CloudSigmaClient other = account("other");
        for (String uuid : List.of(MISSING, "nonsense", "x".repeat(300))) {
            assertForeignLikeMissing(other, uuid, uuid);
        }
        var missing = other.get("snapshots/" + MISSING + "/").expectError(404, "notexist");
        var foreign = other.get("snapshots/" + snap + "/").expectError(404, "notexist");
        assertThat(foreign.body()).isEqualTo(missing.body());
        assertForeignLikeMissing(other, drive, snap);
        other.post("snapshots/", objects(Map.of("drive", drive))).expectError(404, "notexist");
        assertThat(other.get("snapshots/detail/?limit=0&drive=" + drive).json().path("objects"))
                .isEmpty();
        assertThat(other.get("snapshots/detail/?limit=0").json().path("objects"))
                .isEmpty();
        assertThat(other.get("drives/detail/?limit=0").json().path("objects")).isEmpty();
        other.call("DELETE", "snapshots/", "{\"objects\": [{\"uuid\": \"" + snap + "\"}]}")
                .expectError(404, "notexist");
        // The owner still has everything.
        cs.get("snapshots/" + snap + "/").expect(200);
        cs.get("drives/" + drive + "/").expect(200);
    }

    private void assertForeignLikeMissing(CloudSigmaClient other, String driveUuid, String snapUuid) {
        other.get("drives/" + driveUuid + "/").expectError(404, "notexist");
        other.put("drives/" + driveUuid + "/", Map.of("name", "mine")).expectError(404, "notexist");
        other.delete("drives/" + driveUuid + "/").expectError(404, "notexist");
        other.get("snapshots/" + snapUuid + "/").expectError(404, "notexist");
        other.put("snapshots/" + snapUuid + "/", Map.of("name", "mine")).expectError(404, "notexist");
        other.delete("snapshots/" + snapUuid + "/").expectError(404, "notexist");
        other.post("snapshots/" + snapUuid + "/action/?do=clone", Map.of()).expectError(404, "notexist");
    }

    @Test
    void unsupportedMethodsAndUnknownUrlsAnswerInCloudSigmaShape() {
        cs.call("PATCH", "snapshots/" + snap + "/", "{}").expectError(405, "validation");
        cs.call("PUT", "snapshots/", "{}").expectError(405, "validation");
        cs.call("POST", "drives/" + drive + "/", "{}").expectError(405, "validation");
        cs.call("DELETE", "snapshots/schema/", null).expectError(404, "notexist");
        cs.get("nothing/").expectError(404, "notexist");
        cs.get("snapshots").expectError(404, "notexist");
        cs.get("snapshots/" + snap + "/extra/").expectError(404, "notexist");
        assertThat(cs.call("OPTIONS", "snapshots/", null).status()).isEqualTo(200);
    }

    @Test
    void missingOrWrongCredentialsAre401() {
        var anonymous = CloudSigmaClient.anonymous(endpoint());
        var a = anonymous.get("snapshots/").expectError(401, "permission");
        assertThat(a.header("WWW-Authenticate")).isEqualTo("Basic realm=\"users\"");
        CloudSigmaClient.basic(endpoint(), "admin@localhost", "wrong")
                .get("drives/")
                .expectError(401, "permission");
        CloudSigmaClient.basic(endpoint(), "nobody@example.com", "x")
                .get("drives/")
                .expectError(401, "permission");
        anonymous
                .raw("GET", "drives/", null, Map.of("Authorization", "Basic !!!"))
                .expectError(401, "permission");
        anonymous
                .raw("GET", "drives/", null, Map.of("Authorization", "Basic " + b64("no-colon")))
                .expectError(401, "permission");
        anonymous
                .raw("GET", "drives/", null, Map.of("Cookie", "sessionid=forged"))
                .expectError(401, "permission");
        anonymous
                .post("accounts/action/?do=login", Map.of("username", "admin@localhost", "password", "wrong"))
                .expectError(401, "permission");
    }

    /** Random values of every JSON type in every field of every endpoint: never a 5xx, always JSON. */
    @Test
    void randomisedFieldsNeverBreakTheServer() {
        List<String> values = List.of(
                "null",
                "true",
                "0",
                "-1",
                "1.5",
                "1e999",
                "\"\"",
                "\"abc\"",
                "\"" + "x".repeat(300) + "\"",
                "[]",
                "[1]",
                "{}",
                "{\"a\": 1}",
                "{\"uuid\": 5}",
                "\"../../etc/passwd\"",
                "\"\\u0000\"",
                "\"" + drive + "\"",
                "\"" + snap + "\"",
                "\"/api/2.0/drives/" + drive + "/\"",
                "99999999999999999999");
        List<String> fields = List.of(
                "drive",
                "name",
                "meta",
                "tags",
                "size",
                "media",
                "uuid",
                "status",
                "allocated_size",
                "objects",
                "storage_type",
                "affinities",
                "grantees",
                "owner",
                "username",
                "password");
        List<String[]> endpoints = List.of(
                new String[] {"POST", "snapshots/"},
                new String[] {"PUT", "snapshots/" + snap + "/"},
                new String[] {"DELETE", "snapshots/"},
                new String[] {"POST", "snapshots/" + snap + "/action/?do=clone"},
                new String[] {"POST", "drives/"},
                new String[] {"PUT", "drives/" + drive + "/"},
                new String[] {"POST", "accounts/action/?do=login"},
                new String[] {"GET", "snapshots/detail/"},
                new String[] {"GET", "drives/"});
        Random random = new Random(5);
        List<String> failures = new ArrayList<>();
        for (String[] endpoint : endpoints) {
            for (int round = 0; round < 25; round++) {
                StringBuilder body = new StringBuilder("{");
                StringBuilder query = new StringBuilder("?limit=0");
                for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
                    String field = fields.get(random.nextInt(fields.size()));
                    String value = values.get(random.nextInt(values.size()));
                    body.append(i == 0 ? "" : ", ")
                            .append('"')
                            .append(field)
                            .append("\": ")
                            .append(value);
                    query.append('&')
                            .append(field)
                            .append('=')
                            .append(java.net.URLEncoder.encode(
                                    value.replace("\"", ""), java.nio.charset.StandardCharsets.UTF_8));
                }
                body.append('}');
                boolean get = endpoint[0].equals("GET");
                String text = round % 3 == 0 && !get ? "{\"objects\": [" + body + "]}" : body.toString();
                var a = cs.call(endpoint[0], get ? endpoint[1] + query : endpoint[1], get ? null : text);
                if (a.status() >= 500 || !a.body().strip().matches("(?s)([\\[{].*)?")) {
                    failures.add(endpoint[0] + " " + endpoint[1] + " " + text + " -> " + a.status() + " " + a.body());
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    /** A POST of {@code fields} (in pycloudsigma's {@code objects} wrapper) refused as invalid at {@code point}. */
    private static Case invalid(String path, String fields, String point) {
        return new Case("POST", path, obj(fields), 400, "validation", point);
    }

    private static String obj(String fields) {
        return "{\"objects\": [{" + fields + "}]}";
    }

    private static Map<String, String> headers() {
        return Map.of("content-type", "application/json");
    }

    private static String b64(String s) {
        return java.util.Base64.getEncoder().encodeToString(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String describe(CloudSigmaClient.Answer a) {
        try {
            var j = a.json();
            if (!j.isArray() || j.size() != 1) {
                return "not an error list";
            }
            var e = j.get(0);
            return e.path("error_type").asText() + " "
                    + (e.path("error_point").isNull()
                            ? null
                            : e.path("error_point").asText());
        } catch (AssertionError e) {
            return "not JSON";
        }
    }
}
