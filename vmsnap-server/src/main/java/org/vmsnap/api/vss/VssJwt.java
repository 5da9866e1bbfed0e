package org.vmsnap.api.vss;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Compact HS256 JSON Web Tokens (RFC 7519) with the standard {@code iss, sub, iat, nbf, exp} claims. */
final class VssJwt {
    static final String ISSUER = "vmsnap";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final String HEADER =
            B64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

    /** The claims vmsnap puts in (and reads back from) a token. */
    record Claims(String subject, long userId, Instant issuedAt, Instant expiresAt) {}

    private VssJwt() {}

    static String sign(Claims claims, byte[] key) {
        ObjectNode body = JSON.createObjectNode()
                .put("iss", ISSUER)
                .put("sub", claims.subject())
                .put("uid", claims.userId())
                .put("iat", claims.issuedAt().getEpochSecond())
                .put("nbf", claims.issuedAt().getEpochSecond())
                .put("exp", claims.expiresAt().getEpochSecond())
                .put("otp", false);
        String payload = B64.encodeToString(body.toString().getBytes(StandardCharsets.UTF_8));
        String signingInput = HEADER + "." + payload;
        return signingInput + "." + B64.encodeToString(mac(signingInput, key));
    }

    /** The claims of a token signed with {@code key} and valid at {@code now}; empty for anything else. */
    static Optional<Claims> verify(String token, byte[] key, Instant now) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode header = JSON.readTree(B64D.decode(parts[0]));
            if (!"HS256".equals(header.path("alg").asText())) {
                return Optional.empty();
            }
            byte[] expected = mac(parts[0] + "." + parts[1], key);
            if (!MessageDigest.isEqual(expected, B64D.decode(parts[2]))) {
                return Optional.empty();
            }
            JsonNode body = JSON.readTree(B64D.decode(parts[1]));
            if (!body.path("sub").isTextual()
                    || !body.path("uid").canConvertToLong()
                    || !body.path("exp").canConvertToLong()
                    || !ISSUER.equals(body.path("iss").asText())) {
                return Optional.empty();
            }
            Instant exp = Instant.ofEpochSecond(body.path("exp").asLong());
            Instant nbf = Instant.ofEpochSecond(body.path("nbf").asLong(0));
            if (!now.isBefore(exp) || now.isBefore(nbf)) {
                return Optional.empty();
            }
            return Optional.of(new Claims(
                    body.path("sub").asText(),
                    body.path("uid").asLong(),
                    Instant.ofEpochSecond(body.path("iat").asLong()),
                    exp));
        } catch (IllegalArgumentException | java.io.IOException e) {
            return Optional.empty();
        }
    }

    private static byte[] mac(String input, byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
