package org.vmsnap.api.vss;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class VssJwtTest {
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final Instant IAT = Instant.parse("2026-12-01T10:00:00Z");
    private static final VssJwt.Claims CLAIMS = new VssJwt.Claims("jm", 42, IAT, IAT.plusSeconds(3600));

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aTokenVerifiesWithItsKeyUntilItExpires() {
        String token = VssJwt.sign(CLAIMS, KEY);
        assertThat(VssJwt.verify(token, KEY, IAT.plusSeconds(10))).contains(CLAIMS);
        assertThat(VssJwt.verify(token, KEY, IAT.plusSeconds(3599))).isPresent();
        assertThat(VssJwt.verify(token, KEY, IAT.plusSeconds(3600)))
                .as("at exp")
                .isEmpty();
        assertThat(VssJwt.verify(token, KEY, IAT.minusSeconds(1)))
                .as("before nbf")
                .isEmpty();
    }

    @Test
    void theRfc7519ExampleShapeAndStandardClaims() {
        String[] parts = VssJwt.sign(CLAIMS, KEY).split("\\.");
        assertThat(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8))
                .isEqualTo("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        assertThat(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8))
                .isEqualTo("{\"iss\":\"vmsnap\",\"sub\":\"jm\",\"uid\":42,\"iat\":1796119200,\"nbf\":1796119200,"
                        + "\"exp\":1796122800,\"otp\":false}");
        assertThat(parts[2]).doesNotContain("=", "+", "/");
    }

    @Test
    void forgedOrMangledTokensAreRefused() {
        String token = VssJwt.sign(CLAIMS, KEY);
        String[] parts = token.split("\\.");
        byte[] otherKey = "another-key-another-key-another!".getBytes(StandardCharsets.US_ASCII);
        String otherUser =
                b64("{\"iss\":\"vmsnap\",\"sub\":\"admin\",\"uid\":1,\"iat\":1796119200,\"exp\":1796122800}");
        for (String bad : new String[] {
            VssJwt.sign(CLAIMS, otherKey),
            parts[0] + "." + otherUser + "." + parts[2],
            b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".",
            parts[0] + "." + parts[1],
            parts[0] + "." + parts[1] + "." + parts[2] + ".x",
            "",
            "...",
            "a.b.c",
            parts[0] + ".!!!." + parts[2]
        }) {
            assertThat(VssJwt.verify(bad, KEY, IAT.plusSeconds(10))).as(bad).isEmpty();
        }
    }
}
