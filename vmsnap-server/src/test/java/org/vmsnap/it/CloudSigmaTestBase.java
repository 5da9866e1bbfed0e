package org.vmsnap.it;

import java.util.List;
import java.util.Map;

/** Integration tests of the CloudSigma front door: accounts with e-mail addresses, pycloudsigma-style clients. */
abstract class CloudSigmaTestBase extends IntegrationTest {
    protected String endpoint() {
        return "http://127.0.0.1:" + port + "/api/2.0/";
    }

    /** A new vmsnap user with API access and an e-mail address; a client authenticating as it with HTTP Basic. */
    protected CloudSigmaClient account(String name) {
        String username = unique(name);
        String email = username + "@example.com";
        admin().post(
                        "/accounts/user/" + username + "/",
                        Map.of("password", "pw-" + username, "api_access", "true", "email", email))
                .expect(201);
        return CloudSigmaClient.basic(endpoint(), email, "pw-" + username);
    }

    /** pycloudsigma's drive definition in the acceptance tests. */
    protected static Map<String, Object> testDrive() {
        return Map.of("name", "test_drive_snapshot", "size", 1024000000L, "media", "disk");
    }

    protected static Map<String, Object> objects(Object... objects) {
        return Map.of("objects", List.of(objects));
    }

    /** Creates a drive as pycloudsigma does and waits until it is unmounted; returns its uuid. */
    protected static String createDrive(CloudSigmaClient cs, Map<String, Object> definition) {
        String uuid = cs.post("drives/", objects(definition))
                .expect(201)
                .parsed()
                .path("uuid")
                .asText();
        cs.awaitStatus("drives/" + uuid + "/", "unmounted");
        return uuid;
    }

    /** Takes a snapshot of {@code drive} and waits until it is available; returns it as first answered. */
    protected static com.fasterxml.jackson.databind.JsonNode snapshot(CloudSigmaClient cs, Map<String, Object> def) {
        var created = cs.post("snapshots/", objects(def)).expect(201).parsed();
        cs.awaitStatus("snapshots/" + created.path("uuid").asText() + "/", "available");
        return created;
    }
}
