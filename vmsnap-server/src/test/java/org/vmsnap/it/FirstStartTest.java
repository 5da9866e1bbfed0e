package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first start creates the superadmin: with the given password, or a generated one printed once. */
class FirstStartTest {
    private static final Pattern GENERATED = Pattern.compile("superadmin 'admin' with password: (\\S+)");

    @TempDir
    Path root;

    @Test
    void generatedPasswordIsPrintedOnceAndWorks() throws Exception {
        Path data = root.resolve("data");
        String password;
        try (ServerProcess first = ServerProcess.start(data, Map.of())) {
            Matcher m = GENERATED.matcher(first.output());
            assertThat(m.find()).as(first.output()).isTrue();
            password = m.group(1);
            assertThat(password).hasSizeGreaterThanOrEqualTo(16);
            first.client().login("admin", password);
            assertThat(first.client()
                            .post("/accounts/login/", Map.of("username", "admin", "password", "guess"))
                            .expect(400)
                            .json()
                            .path("detail")
                            .asText())
                    .isEqualTo("Unable to log in with provided credentials.");
            first.stop();
        }
        try (ServerProcess second = ServerProcess.start(data, Map.of("VMSNAP_ADMIN_PASSWORD", "ignored-now"))) {
            assertThat(second.output()).doesNotContain("with password");
            second.client().login("admin", password);
        }
    }
}
