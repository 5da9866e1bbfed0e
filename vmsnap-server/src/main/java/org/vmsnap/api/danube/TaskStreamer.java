package org.vmsnap.api.danube;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.vmsnap.task.Task;
import org.vmsnap.task.TaskService;

/**
 * Answers a started task. With the request header {@code ES-STREAM}, the 201 body is streamed: a space per wait
 * while the task runs, then (for {@code ES-STREAM: es}) {@code "<status>\n"} and the task's status JSON, which is
 * how the {@code es} client waits for the result. Otherwise the plain 201 PENDING envelope.
 */
@Component
class TaskStreamer {
    /** Danube's API_SYNC_TIMEOUT. */
    private static final Duration LIMIT = Duration.ofHours(1);

    private final TaskService tasks;

    TaskStreamer(TaskService tasks) {
        this.tasks = tasks;
    }

    ResponseEntity<StreamingResponseBody> respond(HttpServletRequest req, Task task) {
        String mode = req.getHeader("ES-STREAM");
        ResponseEntity<String> pending = DanubeResponses.pending(req, task);
        if (mode == null) {
            return fixed(pending);
        }
        String accept = req.getHeader(HttpHeaders.ACCEPT);
        StreamingResponseBody body = out -> stream(out, task, mode, accept, pending.getBody());
        return ResponseEntity.status(201)
                .headers(pending.getHeaders())
                .header("es_stream", "True")
                .contentType(MediaType.APPLICATION_JSON)
                .body(body);
    }

    /**
     * A ready answer in the same type as a streamed one, so a handler can return either (Spring picks the
     * streaming return-value handler from the declared type).
     */
    static ResponseEntity<StreamingResponseBody> fixed(ResponseEntity<String> answer) {
        byte[] bytes = answer.getBody() == null ? new byte[0] : answer.getBody().getBytes(StandardCharsets.UTF_8);
        return ResponseEntity.status(answer.getStatusCode())
                .headers(answer.getHeaders())
                .contentLength(bytes.length)
                .body(out -> out.write(bytes));
    }

    private void stream(OutputStream out, Task task, String mode, String accept, String pendingJson)
            throws IOException {
        long started = System.nanoTime();
        while (true) {
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            if (elapsed.compareTo(LIMIT) >= 0) {
                out.write(pendingJson.getBytes(StandardCharsets.UTF_8));
                return;
            }
            Optional<Task> now = tasks.await(task.id(), interval(elapsed));
            if (now.isPresent() && now.get().state().done()) {
                String json = DanubeJson.write(DanubeResponses.statusBody(now.get()), accept);
                String text = "es".equals(mode) ? DanubeResponses.httpOf(now.get()) + "\n" + json : json;
                out.write(text.getBytes(StandardCharsets.UTF_8));
                return;
            }
            out.write(' ');
            out.flush();
        }
    }

    /** Danube's poll intervals: 1 s for the first 5 s, 3 s to 30 s, 6 s to 60 s, 12 s to 20 min, then 30 s. */
    static Duration interval(Duration elapsed) {
        long s = elapsed.toSeconds();
        if (s < 5) {
            return Duration.ofSeconds(1);
        }
        if (s < 30) {
            return Duration.ofSeconds(3);
        }
        if (s < 60) {
            return Duration.ofSeconds(6);
        }
        return s < 1200 ? Duration.ofSeconds(12) : Duration.ofSeconds(30);
    }
}
