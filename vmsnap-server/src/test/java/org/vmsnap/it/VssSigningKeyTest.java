package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The key VSS tokens are signed with lives in a 0600 file under the data directory, not in the database (whoever
 * reads the database files must not be able to mint tokens), and a super admin rotates it: tokens signed before
 * stop working at once, new ones work.
 */
@OnH2
class VssSigningKeyTest extends VssTest {
    @Autowired
    JdbcClient jdbc;

    private int status(String token) {
        return vss().raw("GET", "/v2/request/snapshot", null, "Bearer " + token).statusCode();
    }

    @Test
    void theKeyIsAPrivateFileAndARotationEndsEveryEarlierToken() throws Exception {
        String before = vss().token();
        assertThat(status(before)).isEqualTo(200);
        Path key = dataDir.resolve("keys").resolve("vss-jwt-hs256.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key.getParent())))
                .isEqualTo("rwx------");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM signing_key")
                        .query(Long.class)
                        .single())
                .as("no secret in the database")
                .isZero();

        DanubeClient user = newUser(unique("keyless"));
        assertThat(user.put("/accounts/signing-key/vss/", Map.of())
                        .expect(403)
                        .json()
                        .path("detail")
                        .asText())
                .isEqualTo("Permission denied");
        assertThat(status(before)).as("a refused rotation changes nothing").isEqualTo(200);

        String fileBefore = Files.readString(key);
        admin().put("/accounts/signing-key/vss/", Map.of()).expect(200);
        assertThat(Files.readString(key)).isNotEqualTo(fileBefore);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
                .isEqualTo("rw-------");
        assertThat(status(before)).as("signed with the old key").isEqualTo(401);
        String after = new PyVss(endpoint()).getToken("admin", ADMIN_PASSWORD, null);
        assertThat(status(after)).isEqualTo(200);
    }
}
