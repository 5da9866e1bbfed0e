import java.net.URI;
import java.net.http.*;
import java.time.*;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;

/**
 * Latency of GET /api/vm/<h>/snapshot/?full=true on a disk with 1,000 snapshots. The snapshots are created by
 * firing POSTs without ES-STREAM from a few threads (they queue per disk) and waiting until GET /api/task/ is empty.
 * Usage: java bench/ListBench.java <base-url> <data-dir> [quick]; password in $VMSNAP_ADMIN_PASSWORD.
 */
public class ListBench {
    static final double TARGET_MEDIAN_MS = 50;

    public static void main(String[] args) throws Exception {
        String base = args[0];
        boolean quick = args.length > 2 && args[2].equals("quick");
        int snapshots = quick ? 200 : 1000, requests = quick ? 50 : 200, warmup = quick ? 10 : 20, threads = 4;
        Api api = new Api(base, System.getenv("VMSNAP_ADMIN_PASSWORD"));
        String vm = "ls" + Long.toHexString(System.nanoTime() & 0xffffff);
        deployVm(api, vm);

        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        Map<String, Integer> statuses = new ConcurrentHashMap<>();
        List<String> bad = Collections.synchronizedList(new ArrayList<>());
        List<Future<?>> jobs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            jobs.add(pool.submit(() -> {
                for (int i; (i = next.getAndIncrement()) < snapshots; ) {
                    String path = "/api/vm/" + vm + "/snapshot/l" + i + "/";
                    Api.Res r = api.call("POST", path, "{\"disk_id\":1}", false);
                    statuses.merge(String.valueOf(r.status), 1, Integer::sum);
                    if (r.status != 201) bad.add("POST " + path + " -> " + r);
                }
                return null;
            }));
        }
        for (Future<?> f : jobs) f.get();
        pool.shutdown();
        double queuedS = (System.nanoTime() - t0) / 1e9;
        while (!((List<?>) Json.parse(api.call("GET", "/api/task/", null, false).body)).isEmpty()) {
            Thread.sleep(250);
        }
        double setupS = (System.nanoTime() - t0) / 1e9;
        System.out.printf("ListBench: setup of %d snapshots: %.1f s (POSTs queued after %.1f s, %.1f ms/snapshot), statuses %s%n",
                snapshots, setupS, queuedS, setupS * 1000 / snapshots, statuses);
        check(bad.isEmpty(), bad.size() + " create POSTs failed, first: " + (bad.isEmpty() ? "" : bad.get(0)));
        result("setup " + snapshots + " snapshots", String.format("%.1f s", setupS), String.format("%.1f ms/snapshot", setupS * 1000 / snapshots));

        String path = "/api/vm/" + vm + "/snapshot/?full=true";
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < warmup + requests; i++) {
            long s = System.nanoTime();
            Api.Res r = api.call("GET", path, null, false);
            double took = (System.nanoTime() - s) / 1e6;
            check(r.status == 200, "GET " + path + " -> " + r);
            List<?> result = (List<?>) ((Map<?, ?>) Json.parse(r.body)).get("result");
            check(result.size() == snapshots, "GET " + path + " has " + result.size() + " entries, expected " + snapshots);
            if (i == 0) {
                long ok = result.stream().filter(o -> Double.valueOf(1).equals(((Map<?, ?>) o).get("status"))).count();
                check(ok == snapshots, ok + " of " + snapshots + " snapshots have status 1 (ok)");
            }
            if (i >= warmup) ms.add(took);
        }
        double median = pct(ms, 50);
        System.out.printf("  GET ?full=true with %d snapshots, %d requests (+%d warm-up): median %.1f ms, p90 %.1f ms, max %.1f ms, body %d bytes%n",
                snapshots, requests, warmup, median, pct(ms, 90), pct(ms, 100), api.call("GET", path, null, false).body.length());
        System.out.printf("  target median <= %.0f ms: %s%n", TARGET_MEDIAN_MS, median <= TARGET_MEDIAN_MS ? "met" : "MISSED");
        result("list full=true median/p90/max", String.format("%.1f / %.1f / %.1f ms", median, pct(ms, 90), pct(ms, 100)),
                (median <= TARGET_MEDIAN_MS ? "met" : "MISSED") + " (target median <= 50 ms)");
        System.out.println("PASS ListBench: " + snapshots + " snapshots created and listed " + (warmup + requests) + " times");
    }

    static void deployVm(Api api, String vm) throws Exception {
        Api.Res r = api.call("POST", "/api/vm/" + vm + "/define/", "{}", false);
        check(r.status == 201, "POST /api/vm/" + vm + "/define/ -> " + r);
        r = api.call("POST", "/api/vm/" + vm + "/define/disk/1/", "{\"size\": 1024}", false);
        check(r.status == 201, "POST /api/vm/" + vm + "/define/disk/1/ -> " + r);
        r = api.call("POST", "/api/vm/" + vm + "/", null, true);
        check(r.streamedOk(), "POST /api/vm/" + vm + "/ (deploy) -> " + r);
    }

    static double pct(List<Double> v, double p) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a[Math.max(0, (int) Math.ceil(p / 100 * a.length) - 1)];
    }

    static void result(String metric, String value, String note) {
        System.out.println("RESULT\tList\t" + metric + "\t" + value + "\t" + note);
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            System.out.println("FAIL ListBench: " + what);
            System.out.println("RESULT\tList\tcheck\tFAIL\t" + what);
            System.exit(1);
        }
    }

    // ---- copy-light helpers (identical in every bench file) ----

    static final class Api {
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

    static final class Proc {
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
    static final class Json {
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
}
