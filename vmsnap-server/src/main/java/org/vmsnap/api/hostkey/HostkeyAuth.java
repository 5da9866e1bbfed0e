package org.vmsnap.api.hostkey;

import java.util.Optional;
import org.springframework.stereotype.Component;
import org.vmsnap.access.AccessService;
import org.vmsnap.access.ApiKeyService;
import org.vmsnap.access.Caller;
import org.vmsnap.access.LoginResult;

/** Who calls: the {@code token} parameter, a session opened by {@code auth.php?action=login}. */
@Component
class HostkeyAuth {
    private final ApiKeyService keys;
    private final AccessService access;

    HostkeyAuth(ApiKeyService keys, AccessService access) {
        this.keys = keys;
        this.access = access;
    }

    /** The session of the call's token; HTTP 401 when there is none, it is unknown or it expired. */
    LoginResult session(HostkeyParams params) {
        String token = params.string("token")
                .map(String::strip)
                .filter(t -> !t.isEmpty())
                .orElseThrow(() -> new HostkeyError(401, "token is required"));
        if (!token.matches("[0-9a-f]{1,128}")) {
            throw new HostkeyError(401, "invalid token");
        }
        return keys.session(token);
    }

    Caller caller(HostkeyParams params) {
        return caller(session(params));
    }

    Caller caller(LoginResult session) {
        return access.callerIn(session.user(), Optional.empty());
    }
}
