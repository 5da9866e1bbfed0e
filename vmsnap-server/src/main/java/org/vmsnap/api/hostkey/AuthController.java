package org.vmsnap.api.hostkey;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.vmsnap.access.ApiKeyService;
import org.vmsnap.access.Caller;
import org.vmsnap.access.LoginResult;
import org.vmsnap.inventory.InventoryService;
import org.vmsnap.inventory.Vm;

/** {@code auth.php}: {@code login} (API key → session token with a ttl), {@code logout}, {@code info}. */
@RestController
class AuthController {
    private static final String MODULE = "auth";

    private final HostkeyRequests requests;
    private final HostkeyAuth auth;
    private final ApiKeyService keys;
    private final InventoryService inventory;

    AuthController(HostkeyRequests requests, HostkeyAuth auth, ApiKeyService keys, InventoryService inventory) {
        this.requests = requests;
        this.auth = auth;
        this.keys = keys;
        this.inventory = inventory;
    }

    @RequestMapping(
            path = "/auth.php",
            method = {RequestMethod.GET, RequestMethod.POST})
    ResponseEntity<String> call(HttpServletRequest req) {
        HostkeyParams p = requests.params(req);
        String action = p.required("action");
        return switch (action) {
            case "login" -> login(p);
            case "logout" -> logout(p);
            case "info" -> info(p);
            default -> throw new HostkeyError("unknown action");
        };
    }

    private ResponseEntity<String> login(HostkeyParams p) {
        String key = p.required("key").strip();
        Duration ttl = p.string("ttl")
                .map(String::strip)
                .filter(t -> !t.isEmpty())
                .map(AuthController::ttl)
                .orElse(ApiKeyService.DEFAULT_TTL);
        LoginResult session = keys.login(key, ttl);
        Map<String, Object> login = new LinkedHashMap<>();
        login.put("token", session.token());
        login.put("token_expire", session.expires().getEpochSecond());
        login.putAll(account(session));
        // HOSTKEY's two login shapes at once: nested under "result" (its Go client decodes "result" as this object)
        // and at the top level, as before
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("result", login);
        body.put("module", MODULE);
        body.put("action", "login");
        body.putAll(login);
        return HostkeyResponses.json(200, body);
    }

    private ResponseEntity<String> logout(HostkeyParams p) {
        LoginResult session = auth.session(p);
        keys.logout(session.token());
        return HostkeyResponses.ok(MODULE, "logout", Map.of());
    }

    private ResponseEntity<String> info(HostkeyParams p) {
        LoginResult session = auth.session(p);
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("id", session.user().id());
        user.put("username", session.user().username());
        user.put("email", session.user().email());
        body.put("user", user);
        body.put("token_expire", session.expires().getEpochSecond());
        body.putAll(account(session));
        return HostkeyResponses.ok(MODULE, "info", body);
    }

    private Map<String, Object> account(LoginResult session) {
        Caller caller = auth.caller(session);
        List<Long> servers = inventory.vms(caller).stream().map(Vm::id).sorted().toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("servers", servers);
        body.put("role", session.user().role().name().toLowerCase());
        return body;
    }

    private static Duration ttl(String text) {
        if (!text.matches("[0-9]{1,10}")) {
            throw HostkeyError.invalid("ttl");
        }
        long seconds = Long.parseLong(text);
        if (seconds < 1 || seconds > ApiKeyService.MAX_TTL.toSeconds()) {
            throw HostkeyError.invalid("ttl");
        }
        return Duration.ofSeconds(seconds);
    }
}
