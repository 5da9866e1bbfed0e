package org.vmsnap.api.danube;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.vmsnap.access.Caller;
import org.vmsnap.task.Task;
import org.vmsnap.task.TaskIds;
import org.vmsnap.task.TaskOutcome;

/** Danube's three body shapes: the task envelope, the bare {@code {"detail"}}, and plain JSON. */
final class DanubeResponses {
    static final String VERSION = "4.6";

    private DanubeResponses() {}

    /** A synchronous success: {@code {"task_id": <dummy>, "status": "SUCCESS", "result": ...}}. */
    static ResponseEntity<String> success(
            HttpServletRequest req, Caller caller, long ownerId, int http, Object result) {
        return envelope(req, http, TaskIds.dummy(caller.userId(), ownerId, caller.dcId()), "SUCCESS", result, false);
    }

    /** A synchronous success under a given id (a sync call that wrote the task log). */
    static ResponseEntity<String> successWithId(HttpServletRequest req, String taskId, Object result) {
        return envelope(req, 200, taskId, "SUCCESS", result, false);
    }

    /** A validation failure: HTTP 400 FAILURE envelope with field errors (or a string). */
    static ResponseEntity<String> failure(HttpServletRequest req, Caller caller, long ownerId, Object result) {
        return envelope(req, 400, TaskIds.dummy(caller.userId(), ownerId, caller.dcId()), "FAILURE", result, false);
    }

    /** A freshly started task: 201 PENDING, result hidden. */
    static ResponseEntity<String> pending(HttpServletRequest req, Task task) {
        return envelope(req, 201, task.id(), "PENDING", null, true);
    }

    static ResponseEntity<String> envelope(
            HttpServletRequest req, int http, String taskId, String status, Object result, boolean taskResponse) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("task_id", taskId);
        body.put("status", status);
        body.put("result", result);
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(http).header("es_task_id", taskId);
        if (taskResponse) {
            builder.header("es_task_response", "true");
        }
        return json(builder, req, body);
    }

    static ResponseEntity<String> detail(HttpServletRequest req, int http, Object detail) {
        return json(ResponseEntity.status(http), req, Map.of("detail", detail));
    }

    static ResponseEntity<String> plain(HttpServletRequest req, int http, Object body) {
        return json(ResponseEntity.status(http), req, body);
    }

    static ResponseEntity<String> json(ResponseEntity.BodyBuilder builder, HttpServletRequest req, Object body) {
        return builder.header("es_version", VERSION)
                .contentType(MediaType.APPLICATION_JSON)
                .body(DanubeJson.write(body, req.getHeader(HttpHeaders.ACCEPT)));
    }

    /** HTTP status of a task's state: 201 pending/started, 200 success, 400 failure, 410 revoked. */
    static int httpOf(Task task) {
        return switch (task.state()) {
            case PENDING, STARTED -> 201;
            case SUCCESS -> 200;
            case FAILURE -> 400;
            case REVOKED -> 410;
        };
    }

    /** The body of {@code /task/<id>/status/}: result hidden while pending. */
    static Map<String, Object> statusBody(Task task) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("task_id", task.id());
        body.put("status", task.state().name());
        body.put(
                "result",
                task.state().done()
                        ? task.outcome().map(DanubeResponses::result).orElse(null)
                        : null);
        return body;
    }

    static Map<String, Object> result(TaskOutcome outcome) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("returncode", outcome.returnCode());
        result.put("message", outcome.message());
        result.put("detail", outcome.detail());
        return result;
    }
}
