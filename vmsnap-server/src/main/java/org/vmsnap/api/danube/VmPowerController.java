package org.vmsnap.api.danube;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;
import org.vmsnap.access.Caller;
import org.vmsnap.runtime.RuntimeService;
import org.vmsnap.runtime.RuntimeSettings;
import org.vmsnap.runtime.VmRuntime;
import org.vmsnap.shared.Rule;
import org.vmsnap.shared.RuleViolationException;

/**
 * VM power the Danube way ({@code PUT /vm/<h>/status/start/}, {@code /stop/} with {@code force} and
 * {@code timeout}; async), and vmsnap's own admin settings of how a VM runs ({@code /vm/<h>/define/runtime/}).
 */
@RestController
class VmPowerController {
    private static final String VM = "/api/vm/{vm:[A-Za-z0-9._-]+}/";

    private final RuntimeService runtime;
    private final DanubeRequests requests;
    private final DanubeAuth auth;
    private final TaskStreamer streamer;

    VmPowerController(RuntimeService runtime, DanubeRequests requests, DanubeAuth auth, TaskStreamer streamer) {
        this.runtime = runtime;
        this.requests = requests;
        this.auth = auth;
        this.streamer = streamer;
    }

    @PutMapping(VM + "status/{action:[a-z]+}/")
    ResponseEntity<String> action(@PathVariable String vm, @PathVariable String action, HttpServletRequest req) {
        DanubeParams p = requests.params(req);
        Caller caller = auth.caller(req, p);
        return switch (action) {
            case "start" -> streamer.respond(req, runtime.start(caller, vm));
            case "stop" -> stop(vm, p, caller, req);
            default -> throw new RuleViolationException(Rule.BAD_ACTION);
        };
    }

    private ResponseEntity<String> stop(String vm, DanubeParams p, Caller caller, HttpServletRequest req) {
        DanubeValidation v = new DanubeValidation();
        Optional<Duration> timeout = Optional.empty();
        try {
            Optional<Long> seconds = p.integer("timeout");
            if (seconds.isPresent() && (seconds.get() < 0 || seconds.get() > 3600)) {
                v.add("timeout", "Ensure this value is between 0 and 3600.");
            }
            timeout = seconds.map(Duration::ofSeconds);
        } catch (NumberFormatException e) {
            v.add("timeout", "A valid integer is required.");
        }
        if (!v.ok()) {
            return DanubeResponses.failure(req, caller, caller.userId(), v.errors());
        }
        return streamer.respond(req, runtime.stop(caller, vm, p.bool("force", false), timeout));
    }

    @GetMapping(VM + "define/runtime/")
    ResponseEntity<String> settings(@PathVariable String vm, HttpServletRequest req) {
        DanubeParams p = requests.params(req);
        Caller caller = auth.caller(req, p);
        return DanubeResponses.success(req, caller, caller.userId(), 200, object(runtime.runtime(caller, vm)));
    }

    @PutMapping(VM + "define/runtime/")
    ResponseEntity<String> configure(@PathVariable String vm, HttpServletRequest req) {
        DanubeParams p = requests.params(req);
        Caller caller = auth.caller(req, p);
        DanubeValidation v = new DanubeValidation();
        Optional<Integer> ram = number(p, "ram", v);
        Optional<Integer> vcpus = number(p, "vcpus", v);
        if (!v.ok()) {
            return DanubeResponses.failure(req, caller, caller.userId(), v.errors());
        }
        RuntimeSettings settings = new RuntimeSettings(
                ram,
                vcpus,
                p.string("kernel"),
                p.string("initrd"),
                p.string("cmdline"),
                p.string("qmp_socket"),
                p.string("qga_socket"));
        return DanubeResponses.success(
                req, caller, caller.userId(), 200, object(runtime.configure(caller, vm, settings)));
    }

    private static Optional<Integer> number(DanubeParams p, String key, DanubeValidation v) {
        try {
            Optional<Long> n = p.integer(key);
            if (n.isPresent() && (n.get() < 0 || n.get() > Integer.MAX_VALUE)) {
                v.add(key, "A valid integer is required.");
                return Optional.empty();
            }
            return n.map(Long::intValue);
        } catch (NumberFormatException e) {
            v.add(key, "A valid integer is required.");
            return Optional.empty();
        }
    }

    private static Map<String, Object> object(VmRuntime r) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("managed", r.managed());
        o.put("ram", r.ramMb());
        o.put("vcpus", r.vcpus());
        o.put("kernel", r.kernel() == null ? null : r.kernel().getFileName().toString());
        o.put("initrd", r.initrd() == null ? null : r.initrd().getFileName().toString());
        o.put("cmdline", r.cmdline());
        o.put(
                "qmp_socket",
                r.managed() || r.qmpSocket() == null ? null : r.qmpSocket().toString());
        o.put(
                "qga_socket",
                r.managed() || r.agentSocket() == null ? null : r.agentSocket().toString());
        return o;
    }
}
