import java.net.URI;
import java.net.http.*;
import java.nio.file.*;
import java.time.*;
import java.util.*;
import java.util.concurrent.*;
import java.util.stream.*;

/** Helpers every benchmark shares: an HTTP client for the Danube API, a process runner, a small JSON reader. */
final class BenchSupport {
    private BenchSupport() {}
}

/** Set-up and statistics the benchmarks share. */
final class Bench {
    private Bench() {}

    /**
     * Defines and deploys a VM with one 1 GiB disk; with a data directory, returns the image that appeared for it.
     * Fails with IllegalStateException (and so a non-zero exit) when the server refuses.
     */
    static Path deployVm(Api api, Path dataDir, String vm) throws Exception {
        Set<Path> before = dataDir == null ? Set.of() : images(dataDir);
        Api.Res r = api.call("POST", "/api/vm/" + vm + "/define/", "{}", false);
        require(r.status() == 201, "POST /api/vm/" + vm + "/define/ -> " + r);
        r = api.call("POST", "/api/vm/" + vm + "/define/disk/1/", "{\"size\": 1024}", false);
        require(r.status() == 201, "POST /api/vm/" + vm + "/define/disk/1/ -> " + r);
        r = api.call("POST", "/api/vm/" + vm + "/", null, true);
        require(r.streamedOk(), "POST /api/vm/" + vm + "/ (deploy) -> " + r);
        if (dataDir == null) {
            return null;
        }
        Set<Path> added = images(dataDir);
        added.removeAll(before);
        require(added.size() == 1, "exactly one new image after deploying " + vm + ", got " + added);
        return added.iterator().next();
    }

    static Set<Path> images(Path dataDir) throws Exception {
        if (!Files.isDirectory(dataDir.resolve("images"))) {
            return new HashSet<>();
        }
        try (Stream<Path> s = Files.walk(dataDir.resolve("images"))) {
            return s.filter(p -> p.toString().endsWith(".qcow2")).collect(Collectors.toCollection(HashSet::new));
        }
    }

    static double mean(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    static double pct(List<Double> v, double p) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a[Math.max(0, (int) Math.ceil(p / 100 * a.length) - 1)];
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what);
        }
    }
}

final class Api {
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    final String base, token;

    record Res(int status, String body) {
        /** A streamed (ES-STREAM: es) answer whose task finished with HTTP 200. */
        boolean streamedOk() { return status == 201 && body.stripLeading().startsWith("200\n"); }
        /** The final status line of a streamed answer ("200", "400", ...), or "-" if there is none. */
        String inner() {
            String b = body.stripLeading();
            int nl = b.indexOf('\n');
            return status == 201 && nl > 0 && nl <= 3 ? b.substring(0, nl) : "-";
        }
        public String toString() { return status + " " + (body.length() > 300 ? body.substring(0, 300) + "..." : body.strip()); }
    }

    Api(String base, String password) throws Exception {
        this.base = base;
        String login = "{\"username\":\"admin\",\"password\":\"" + password.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/accounts/login/"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(login))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalStateException("login -> " + r.statusCode() + " " + r.body());
        token = (String) ((Map<?, ?>) Json.parse(r.body())).get("token");
    }

    Res call(String method, String path, String json, boolean stream) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(10))
                .header("Authorization", "Token " + token).method(method, json == null
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) b.header("Content-Type", "application/json");
        if (stream) b.header("ES-STREAM", "es");
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Res(r.statusCode(), r.body());
    }

    Map<?, ?> json(String method, String path, String body) throws Exception {
        Res r = call(method, path, body, false);
        if (r.status != 200) throw new IllegalStateException(method + " " + path + " -> " + r);
        return (Map<?, ?>) Json.parse(r.body);
    }
}

final class Proc {
    record Out(int code, String text) { boolean ok() { return code == 0; } }

    /** Runs argv (no shell) with a timeout; stdout and stderr merged. */
    static Out run(List<String> argv, long timeoutSeconds) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
            try { return new String(p.getInputStream().readAllBytes()); } catch (Exception e) { return ""; }
        });
        if (p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) return new Out(p.exitValue(), out.get(10, TimeUnit.SECONDS));
        p.destroyForcibly().waitFor();
        return new Out(-1, "timeout after " + timeoutSeconds + " s: " + argv);
    }
}

/** Minimal JSON reader: object → Map, array → List, number → Double, string, boolean, null. */
final class Json {
    private final String s;
    private int i;
    private Json(String s) { this.s = s; }

    static Object parse(String text) {
        Json j = new Json(text);
        Object v = j.value();
        if (j.ws() != text.length()) throw new IllegalArgumentException("trailing data in JSON at " + j.i);
        return v;
    }

    private int ws() { while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++; return i; }

    private boolean next(char c) { ws(); if (i < s.length() && s.charAt(i) == c) { i++; return true; } return false; }

    private Object value() {
        ws();
        char c = s.charAt(i);
        if (next('{')) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            while (!next('}')) { String k = (String) value(); next(':'); m.put(k, value()); next(','); }
            return m;
        }
        if (next('[')) {
            List<Object> l = new ArrayList<>();
            while (!next(']')) { l.add(value()); next(','); }
            return l;
        }
        if (c == '"') {
            StringBuilder b = new StringBuilder();
            for (i++; s.charAt(i) != '"'; i++) {
                char x = s.charAt(i);
                if (x != '\\') { b.append(x); continue; }
                char e = s.charAt(++i);
                if (e == 'u') { b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16)); i += 4; }
                else b.append(switch (e) { case 'n' -> '\n'; case 't' -> '\t'; case 'r' -> '\r'; case 'b' -> '\b'; case 'f' -> '\f'; default -> e; });
            }
            i++;
            return b.toString();
        }
        for (String lit : new String[] {"true", "false", "null"})
            if (s.startsWith(lit, i)) { i += lit.length(); return lit.equals("null") ? null : Boolean.valueOf(lit); }
        int start = i;
        while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) i++;
        return Double.valueOf(s.substring(start, i));
    }
}
