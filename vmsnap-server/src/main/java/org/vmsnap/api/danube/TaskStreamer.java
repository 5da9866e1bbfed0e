package org.vmsnap.api.danube;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
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

    /**
     * The 201 PENDING envelope, or with {@code ES-STREAM} the streamed answer written here, on the request thread
     * (no async re-dispatch: the wait is the point of the call), after which {@code null} tells Spring the
     * response is complete.
     */
    ResponseEntity<String> respond(HttpServletRequest req, Task task) {
        String mode = req.getHeader("ES-STREAM");
        ResponseEntity<String> pending = DanubeResponses.pending(req, task);
        if (mode == null) {
            return pending;
        }
        HttpServletResponse response =
                ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes()).getResponse();
        response.setStatus(201);
        pending.getHeaders().forEach((name, values) -> values.forEach(v -> response.addHeader(name, v)));
        response.setHeader("es_stream", "True");
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        try {
            OutputStream out = response.getOutputStream();
            stream(out, task, mode, req.getHeader(HttpHeaders.ACCEPT), pending.getBody());
            out.close(); // ends the chunked body now: the client has its answer before the request unwinds
        } catch (IOException clientGone) {
            // The client stopped listening; the task runs on regardless.
        }
        return null;
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
