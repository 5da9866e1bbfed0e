package org.vmsnap.api.danube;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;
import org.vmsnap.access.AccessService;
import org.vmsnap.access.Caller;
import org.vmsnap.access.CreateUserCommand;
import org.vmsnap.access.LoginResult;
import org.vmsnap.access.Role;
import org.vmsnap.access.SigningKeys;
import org.vmsnap.access.User;
import org.vmsnap.shared.AuthenticationException;
import org.vmsnap.shared.NotFoundException;
import org.vmsnap.shared.ObjectKind;

/** Danube §4: login, logout, and user accounts. */
@RestController
class AccountsController {
    private final AccessService access;
    private final DanubeRequests requests;
    private final DanubeAuth auth;
    private final SigningKeys keys;

    AccountsController(AccessService access, DanubeRequests requests, DanubeAuth auth, SigningKeys keys) {
        this.keys = keys;
        this.access = access;
        this.requests = requests;
        this.auth = auth;
    }

    @PostMapping("/api/accounts/login/")
    ResponseEntity<String> login(HttpServletRequest req) {
        DanubeParams p = requests.params(req);
        Map<String, List<String>> missing = new LinkedHashMap<>();
        for (String field : List.of("username", "password")) {
            if (p.string(field).filter(v -> !v.isEmpty()).isEmpty()) {
                missing.put(field, List.of("This field is required."));
            }
        }
        if (!missing.isEmpty()) {
            return DanubeResponses.detail(req, 400, missing);
        }
        try {
            LoginResult login = access.login(
                    p.string("username").get(), p.string("password").get(), req.getRemoteAddr());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("token", login.token());
            body.put("expires", DanubeJson.time(login.expires()));
            body.put("detail", "Welcome to Danube Cloud API.");
            return DanubeResponses.plain(req, 200, body);
        } catch (AuthenticationException e) {
            String detail = switch (e.reason()) {
                case INACTIVE -> "User account is disabled.";
                case NO_API_ACCESS -> "User account is not allowed to access API.";
                default -> "Unable to log in with provided credentials.";
            };
            return DanubeResponses.detail(req, 400, detail);
        }
    }

    @GetMapping("/api/accounts/logout/")
    ResponseEntity<String> logout(HttpServletRequest req) {
        auth.user(req);
        String header = req.getHeader("Authorization");
        if (header != null && header.strip().toLowerCase().startsWith("token ")) {
            access.logout(header.strip().substring(6).strip());
        }
        return DanubeResponses.detail(req, 200, "Bye.");
    }

    /**
     * vmsnap extension (SuperAdmin): replaces the key VSS bearer tokens are signed with (a file under the data
     * directory, mode 0600). Every VSS token issued before stops working; clients request new ones.
     */
    @PutMapping("/api/accounts/signing-key/vss/")
    ResponseEntity<String> rotateVssKey(HttpServletRequest req) {
        DanubeParams p = requests.params(req);
        Caller caller = auth.caller(req, p);
        keys.rotate(caller, SigningKeys.VSS_TOKENS);
        return DanubeResponses.success(req, caller, caller.userId(), 200, Map.of("message", "VSS signing key rotated"));
    }

    @PostMapping("/api/accounts/user/{username:[A-Za-z0-9@.+_-]+}/")
    ResponseEntity<String> createUser(@PathVariable String username, HttpServletRequest req) {
        DanubeParams p = requests.params(req);
        Caller caller = auth.caller(req, p);
        DanubeValidation v = new DanubeValidation();
        String password = p.string("password").orElse("");
        if (password.isEmpty()) {
            v.add("password", "This field is required.");
        }
        v.maxLength("username", username, 150);
        v.maxLength("password", password, 1024);
        p.string("email").ifPresent(email -> v.maxLength("email", email, 254));
        if (!v.ok()) {
            return DanubeResponses.failure(req, caller, caller.userId(), v.errors());
        }
        Role role =
                p.bool("is_super_admin", false) ? Role.SUPERADMIN : p.bool("is_admin", false) ? Role.ADMIN : Role.USER;
        var command = new CreateUserCommand(
                username,
                password,
                p.string("email").orElse(username + "@localhost"),
                p.bool("api_access", false),
                role,
                p.string("api_key").filter(k -> !k.isBlank()));
        User user = access.createUser(caller, command);
        return DanubeResponses.success(req, caller, user.id(), 201, object(user));
    }

    @GetMapping("/api/accounts/user/{username:[A-Za-z0-9@.+_-]+}/")
    ResponseEntity<String> getUser(@PathVariable String username, HttpServletRequest req) {
        DanubeParams p = requests.params(req);
        Caller caller = auth.caller(req, p);
        User user = access.findByUsername(username)
                .filter(u -> caller.isSuperAdmin()
                        || u.id() == caller.userId()
                        || (caller.isAdmin() && u.dcId() == caller.dcId()))
                .orElseThrow(() -> new NotFoundException(ObjectKind.USER));
        return DanubeResponses.success(req, caller, user.id(), 200, object(user));
    }

    static Map<String, Object> object(User user) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("username", user.username());
        o.put("email", user.email());
        o.put("is_active", user.active());
        o.put("is_super_admin", user.role() == Role.SUPERADMIN);
        o.put("is_admin", user.role() != Role.USER);
        o.put("api_access", user.apiAccess());
        o.put("date_joined", DanubeJson.time(user.createdAt()));
        return o;
    }
}
