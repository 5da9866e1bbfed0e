package org.vmsnap.api.danube;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.vmsnap.access.ApiKeyService;
import org.vmsnap.access.Caller;

/**
 * Admin-only: a new API key for a user's HOSTKEY InvAPI logins ({@code auth.php?action=login&key=}). The key is
 * shown once, in this answer; only its digest is kept. Not part of Danube's own API (which has no such call).
 */
@RestController
class InvApiKeyController {
    private final ApiKeyService keys;
    private final DanubeRequests requests;
    private final DanubeAuth auth;

    InvApiKeyController(ApiKeyService keys, DanubeRequests requests, DanubeAuth auth) {
        this.keys = keys;
        this.requests = requests;
        this.auth = auth;
    }

    @PostMapping("/api/accounts/user/{username:[A-Za-z0-9@.+_-]+}/invapi-key/")
    ResponseEntity<String> create(@PathVariable String username, HttpServletRequest req) {
        DanubeParams p = requests.params(req);
        Caller caller = auth.caller(req, p);
        String key = keys.createKey(caller, username);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("username", username);
        result.put("key", key);
        return DanubeResponses.success(req, caller, caller.userId(), 201, result);
    }
}
