package org.vmsnap.api.danube;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.vmsnap.access.Caller;
import org.vmsnap.shared.Rule;
import org.vmsnap.shared.RuleViolationException;
import org.vmsnap.task.Task;
import org.vmsnap.task.TaskIds;
import org.vmsnap.task.TaskLogEntry;
import org.vmsnap.task.TaskLogQuery;
import org.vmsnap.task.TaskService;

/** Danube §3.2: task status, done, pending list, and the task log. */
@RestController
class TaskController {
    private static final String TASK = "/api/task/{id:[A-Za-z0-9-]+}/";
    private static final int PAGE = 100;

    private final TaskService tasks;
    private final DanubeRequests requests;
    private final DanubeAuth auth;

    TaskController(TaskService tasks, DanubeRequests requests, DanubeAuth auth) {
        this.tasks = tasks;
        this.requests = requests;
        this.auth = auth;
    }

    @GetMapping("/api/task/")
    ResponseEntity<String> pending(HttpServletRequest req) {
        Caller caller = auth.caller(req, requests.params(req));
        return DanubeResponses.plain(
                req, 200, tasks.pending(caller).stream().map(Task::id).toList());
    }

    @GetMapping({TASK + "status/", TASK + "state/"})
    ResponseEntity<String> status(@PathVariable String id, HttpServletRequest req) {
        Optional<Task> task = visible(id, req);
        if (task.isEmpty()) {
            return DanubeResponses.plain(req, 201, pendingBody(id));
        }
        ResponseEntity<String> answer =
                DanubeResponses.plain(req, DanubeResponses.httpOf(task.get()), DanubeResponses.statusBody(task.get()));
        return ResponseEntity.status(answer.getStatusCode())
                .headers(answer.getHeaders())
                .header("es_task_response", "true")
                .body(answer.getBody());
    }

    @GetMapping(TASK + "done/")
    ResponseEntity<String> done(@PathVariable String id, HttpServletRequest req) {
        Optional<Task> task = visible(id, req);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("task_id", id);
        body.put("done", task.map(t -> t.state().done()).orElse(false));
        return DanubeResponses.plain(req, task.map(DanubeResponses::httpOf).orElse(201), body);
    }

    @GetMapping(TASK)
    ResponseEntity<String> details(@PathVariable String id, HttpServletRequest req) {
        Optional<Task> task = visible(id, req).filter(t -> !t.state().done());
        if (task.isEmpty()) {
            return DanubeResponses.detail(req, 404, "Task does not exist");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", task.get().kind().name().toLowerCase());
        body.put("time", DanubeJson.time(task.get().createdAt()));
        body.put("task_id", id);
        return DanubeResponses.plain(req, 200, body);
    }

    @GetMapping("/api/task/log/")
    ResponseEntity<String> log(HttpServletRequest req) {
        DanubeParams p = requests.params(req);
        Caller caller = auth.caller(req, p);
        Optional<Long> page;
        try {
            page = p.integer("page");
        } catch (NumberFormatException e) {
            return DanubeResponses.detail(req, 404, "Invalid page.");
        }
        if (page.isPresent() && (page.get() < 1 || page.get() > Integer.MAX_VALUE / PAGE)) {
            return DanubeResponses.detail(req, 404, "Invalid page.");
        }
        int limit = page.isPresent() ? PAGE : 10;
        int offset = page.map(n -> (int) ((n - 1) * PAGE)).orElse(0);
        TaskLogQuery query = new TaskLogQuery(
                caller.dcId(),
                caller.isAdmin() ? null : caller.userId(),
                p.string("status"),
                p.string("object_type"),
                p.string("object_name"),
                p.bool("hide_auto", false),
                limit,
                offset);
        List<Map<String, Object>> results =
                tasks.logPage(query).stream().map(TaskController::entry).toList();
        if (page.isEmpty()) {
            return DanubeResponses.plain(req, 200, Map.of("results", results));
        }
        long count = tasks.logCount(query);
        if (page.get() > 1 && offset >= count) {
            return DanubeResponses.detail(req, 404, "Invalid page.");
        }
        String base = req.getRequestURL().toString() + "?page=";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("count", count);
        body.put("next", offset + PAGE < count ? base + (page.get() + 1) : null);
        body.put("previous", page.get() > 1 ? base + (page.get() - 1) : null);
        body.put("results", results);
        return DanubeResponses.plain(req, 200, body);
    }

    /** The task, if the caller may see it; 403 for malformed ids or someone else's; 404 for dummy ids. */
    private Optional<Task> visible(String id, HttpServletRequest req) {
        Caller caller = auth.caller(req, requests.params(req));
        if (!TaskIds.valid(id)) {
            throw new RuleViolationException(Rule.PERMISSION_DENIED);
        }
        if (TaskIds.dummy(id)) {
            throw new DanubeBadRequest(404, "Task does not exist (anymore)");
        }
        Optional<Task> task = tasks.get(id);
        boolean allowed = task.map(t -> caller.isSuperAdmin()
                        || (caller.isAdmin() && t.dcId() == caller.dcId())
                        || t.userId() == caller.userId()
                        || t.ownerId() == caller.userId())
                .orElseGet(() -> caller.isAdmin()
                        || TaskIds.users(id)
                                .map(u -> u[0] == caller.userId() || u[1] == caller.userId())
                                .orElse(false));
        if (!allowed) {
            throw new RuleViolationException(Rule.PERMISSION_DENIED);
        }
        return task;
    }

    private static Map<String, Object> pendingBody(String id) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("task_id", id);
        body.put("status", "PENDING");
        body.put("result", null);
        return body;
    }

    private static Map<String, Object> entry(TaskLogEntry e) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("time", DanubeJson.time(e.time()));
        o.put("task", e.taskId());
        o.put("status", e.status().name());
        o.put("username", e.username());
        o.put("msg", e.msg());
        o.put("detail", e.detail());
        o.put("object_name", e.objectName());
        o.put("object_alias", e.objectAlias());
        o.put("object_type", e.objectType());
        o.put("flag", e.flag());
        return o;
    }
}
