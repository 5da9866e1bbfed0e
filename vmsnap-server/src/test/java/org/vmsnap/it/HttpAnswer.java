package org.vmsnap.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;

/** What every test client's response offers: its status, its body, the body parsed as JSON, its headers. */
interface HttpAnswer {
    ObjectMapper JSON = new ObjectMapper();

    int status();

    HttpResponse<String> response();

    default String body() {
        return response().body();
    }

    default JsonNode json() {
        try {
            return JSON.readTree(body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + status() + "): " + body(), e);
        }
    }

    default String header(String name) {
        return response().headers().firstValue(name).orElse(null);
    }
}
