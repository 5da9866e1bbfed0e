package org.vmsnap.api.danube;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.vmsnap.access.AccessService;
import org.vmsnap.access.Caller;
import org.vmsnap.access.User;
import org.vmsnap.shared.AuthenticationException;
import org.vmsnap.shared.AuthenticationException.Reason;

/** Who is calling: {@code Authorization: Token <key>} or {@code ES-API-KEY}, in the DC the call names. */
@Component
class DanubeAuth {
    /** Request attribute set by {@link DcPrefixFilter} for {@code /api/dc/<dc>/...} paths. */
    static final String DC_ATTRIBUTE = "vmsnap.danube.dc";

    private final AccessService access;

    DanubeAuth(AccessService access) {
        this.access = access;
    }

    User user(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null) {
            String[] parts = authorization.strip().split("\\s+");
            if (parts.length > 0 && parts[0].toLowerCase(Locale.ROOT).equals("token")) {
                if (parts.length != 2) {
                    throw new AuthenticationException(Reason.INVALID_TOKEN);
                }
                return access.authenticateToken(parts[1]);
            }
        }
        String apiKey = request.getHeader("ES-API-KEY");
        if (apiKey != null && !apiKey.isBlank()) {
            return access.authenticateApiKey(apiKey.strip());
        }
        throw new AuthenticationException(Reason.MISSING);
    }

    Caller caller(HttpServletRequest request, DanubeParams params) {
        User user = user(request);
        Optional<String> dc =
                Optional.ofNullable((String) request.getAttribute(DC_ATTRIBUTE)).or(() -> params.string("dc"));
        Caller caller = access.callerIn(user, dc);
        request.setAttribute(DanubeErrors.CALLER_ATTRIBUTE, caller);
        return caller;
    }
}
