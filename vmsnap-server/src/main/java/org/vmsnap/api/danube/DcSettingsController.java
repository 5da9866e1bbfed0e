package org.vmsnap.api.danube;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;
import org.vmsnap.access.Caller;
import org.vmsnap.access.Role;
import org.vmsnap.settings.DcSettings;
import org.vmsnap.settings.SettingsService;
import org.vmsnap.shared.Rule;
import org.vmsnap.shared.RuleViolationException;

/**
 * {@code GET/PUT /api/dc/<dc>/settings/} (SuperAdmin; 403 {@code Permission denied} before the DC is looked up),
 * limited to the snapshot settings vmsnap honours. PUT is partial: absent keys stay, {@code null} clears.
 */
@RestController
class DcSettingsController {
    private static final String PATH = "/api/dc/{dc:[A-Za-z0-9._-]+}/settings/";
    static final String DEFINE_LIMIT = "VMS_VM_SNAPSHOT_DEFINE_LIMIT";
    static final String LIMIT_AUTO = "VMS_VM_SNAPSHOT_LIMIT_AUTO";
    static final String DC_SIZE_LIMIT = "VMS_VM_SNAPSHOT_DC_SIZE_LIMIT";
    private static final long MAX = 2147483647;

    private final SettingsService settings;
    private final DanubeRequests requests;
    private final DanubeAuth auth;

    DcSettingsController(SettingsService settings, DanubeRequests requests, DanubeAuth auth) {
        this.settings = settings;
        this.requests = requests;
        this.auth = auth;
    }

    @GetMapping(PATH)
    ResponseEntity<String> get(@PathVariable String dc, HttpServletRequest req) {
        DanubeParams p = requests.params(req);
        Caller caller = superAdminIn(dc, req, p);
        return DanubeResponses.success(req, caller, caller.userId(), 200, object(caller, settings.get(caller)));
    }

    @PutMapping(PATH)
    ResponseEntity<String> update(@PathVariable String dc, HttpServletRequest req) {
        DanubeParams p = requests.params(req);
        Caller caller = superAdminIn(dc, req, p);
        DcSettings current = settings.get(caller);
        DanubeValidation v = new DanubeValidation();
        LimitFields fields = new LimitFields(p, v);
        var defineLimit = fields.read(DEFINE_LIMIT, 0, MAX, current.snapshotDefineLimit());
        var limitAuto = fields.read(LIMIT_AUTO, 1, MAX, current.snapshotLimitAuto());
        var dcSizeLimit = fields.read(DC_SIZE_LIMIT, 0, MAX, current.snapshotDcSizeLimitMb());
        if (!v.ok()) {
            return DanubeResponses.failure(req, caller, caller.userId(), v.errors());
        }
        DcSettings saved = settings.update(caller, new DcSettings(defineLimit, limitAuto, dcSizeLimit));
        return DanubeResponses.success(req, caller, caller.userId(), 200, object(caller, saved));
    }

    /** Danube checks {@code IsSuperAdmin} before it looks the DC up (404 {@code Datacenter not found}). */
    private Caller superAdminIn(String dc, HttpServletRequest req, DanubeParams p) {
        if (auth.user(req).role() != Role.SUPERADMIN) {
            throw new RuleViolationException(Rule.PERMISSION_DENIED);
        }
        req.setAttribute(DanubeAuth.DC_ATTRIBUTE, dc);
        return auth.caller(req, p);
    }

    /** Danube's settings object: {@code dc} first, then the settings in its serializer's order. */
    private static Map<String, Object> object(Caller caller, DcSettings s) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("dc", caller.dcName());
        o.put(DEFINE_LIMIT, s.snapshotDefineLimit().orElse(null));
        o.put(LIMIT_AUTO, s.snapshotLimitAuto().orElse(null));
        o.put(DC_SIZE_LIMIT, s.snapshotDcSizeLimitMb().orElse(null));
        return o;
    }
}
