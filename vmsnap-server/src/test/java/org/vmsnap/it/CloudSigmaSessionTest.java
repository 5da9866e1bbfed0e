package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.HttpCookie;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** pycloudsigma's {@code login_method = session}: login, cookies, {@code X-CSRFToken} on changing calls, logout. */
@OnH2
class CloudSigmaSessionTest extends CloudSigmaTestBase {
    @Test
    void sessionLoginCookiesAndCsrf() {
        String username = unique("sess");
        String email = username + "@example.com";
        admin().post(
                        "/accounts/user/" + username + "/",
                        Map.of("password", "pw-1", "api_access", "true", "email", email))
                .expect(201);
        var anonymous = CloudSigmaClient.anonymous(endpoint());
        var login = anonymous
                .post("accounts/action/?do=login", Map.of("username", email, "password", "pw-1"))
                .expect(200);
        assertThat(login.json().path("email").asText()).isEqualTo(email);
        Map<String, String> cookies = new HashMap<>();
        for (String header : login.response().headers().allValues("Set-Cookie")) {
            for (HttpCookie c : HttpCookie.parse(header)) {
                cookies.put(c.getName(), c.getValue());
            }
        }
        assertThat(cookies).containsKeys("csrftoken", "sessionid");
        String cookie = "csrftoken=" + cookies.get("csrftoken") + "; sessionid=" + cookies.get("sessionid");

        var reader = anonymous.withHeaders(Map.of("Cookie", cookie));
        reader.get("drives/detail/?limit=0").expect(200);
        // A changing call without the CSRF token is refused, with a wrong one too.
        reader.post("drives/", objects(Map.of("name", "s", "size", 16777216, "media", "disk")))
                .expectError(403, "permission");
        anonymous
                .withHeaders(Map.of("Cookie", cookie, "X-CSRFToken", "wrong"))
                .post("drives/", objects(Map.of("name", "s", "size", 16777216, "media", "disk")))
                .expectError(401, "permission");
        var session = anonymous.withHeaders(
                Map.of("Cookie", cookie, "X-CSRFToken", cookies.get("csrftoken"), "Referer", endpoint()));
        String drive = session.post("drives/", objects(Map.of("name", "s", "size", 16777216, "media", "disk")))
                .expect(201)
                .parsed()
                .path("uuid")
                .asText();
        session.awaitStatus("drives/" + drive + "/", "unmounted");
        JsonNode listed = session.get("drives/?limit=0").json().path("objects");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("uuid").asText()).isEqualTo(drive);

        session.post("accounts/action/?do=logout", Map.of()).expect(200);
        reader.get("drives/").expectError(401, "permission");
        // The same user's Basic credentials keep working.
        CloudSigmaClient.basic(endpoint(), email, "pw-1")
                .get("drives/" + drive + "/")
                .expect(200);
    }
}
