import java.net.URI;
import java.net.http.*;
import java.nio.file.*;
import java.time.*;
import java.util.*;
import java.util.concurrent.*;
import java.util.stream.*;

/**
 * Snapshot create+delete cycle through the API (ES-STREAM, i.e. until the task is done) versus the same
 * qemu-img snapshot -c/-d on a comparable image, interleaved in blocks so machine noise hits both.
 * Usage: java bench/CreateDeleteBench.java <base-url> <data-dir> [quick]; password in $VMSNAP_ADMIN_PASSWORD.
 */
public class CreateDeleteBench {
    static final double TARGET_RATIO = 1.3;

    public static void main(String[] args) throws Exception {
        String base = args[0];
        Path dataDir = Path.of(args[1]);
        boolean quick = args.length > 2 && args[2].equals("quick");
        int warmup = quick ? 3 : 10, cycles = quick ? 40 : 200, block = quick ? 10 : 20;
        Api api = new Api(base, System.getenv("VMSNAP_ADMIN_PASSWORD"));
        String vm = "cd" + Long.toHexString(System.nanoTime() & 0xffffff);

        Path image = deployVm(api, dataDir, vm);
        fill(image);
        Path raw = Files.createTempFile("bench-raw-", ".qcow2");
        try {
            check(Proc.run(List.of("qemu-img", "create", "-f", "qcow2", raw.toString(), "1G"), 60).ok(),
                    "qemu-img create");
            fill(raw);
            for (int i = 0; i < warmup; i++) {
                apiCycle(api, vm, "w" + i);
                rawCycle(raw, "vw-" + i);
            }
            List<Double> apiMs = new ArrayList<>(), rawMs = new ArrayList<>();
            for (int done = 0; done < cycles; done += block) {
                boolean apiFirst = (done / block) % 2 == 0;
                for (int pass = 0; pass < 2; pass++) {
                    boolean doApi = (pass == 0) == apiFirst;
                    for (int i = done; i < Math.min(done + block, cycles); i++) {
                        long t0 = System.nanoTime();
                        if (doApi) {
                            apiCycle(api, vm, "b" + i);
                        } else {
                            rawCycle(raw, "vs-" + i);
                        }
                        (doApi ? apiMs : rawMs).add((System.nanoTime() - t0) / 1e6);
                    }
                }
            }
            List<?> left = (List<?>) api.json("GET", "/api/vm/" + vm + "/snapshot/", null).get("result");
            check(left.isEmpty(), "API snapshot list empty after the cycles (has " + left.size() + ")");
            double ratio = mean(apiMs) / mean(rawMs);
            System.out.printf("CreateDeleteBench: %d cycles each (+%d warm-up), blocks of %d%n", cycles, warmup, block);
            System.out.printf("  API  mean %.1f ms  median %.1f ms  (min %.1f, max %.1f)%n",
                    mean(apiMs), pct(apiMs, 50), pct(apiMs, 0), pct(apiMs, 100));
            System.out.printf("  raw  mean %.1f ms  median %.1f ms  (min %.1f, max %.1f)%n",
                    mean(rawMs), pct(rawMs, 50), pct(rawMs, 0), pct(rawMs, 100));
            System.out.printf("  ratio API/raw (mean) %.2f, (median) %.2f, target <= %.1f: %s%n", ratio,
                    pct(apiMs, 50) / pct(rawMs, 50), TARGET_RATIO, ratio <= TARGET_RATIO ? "met" : "MISSED");
            result("create+delete API mean/median", String.format("%.1f / %.1f ms", mean(apiMs), pct(apiMs, 50)), "");
            result("create+delete raw mean/median", String.format("%.1f / %.1f ms", mean(rawMs), pct(rawMs, 50)), "");
            result("ratio API/raw (mean)", String.format("%.2f", ratio),
                    (ratio <= TARGET_RATIO ? "met" : "MISSED") + " (target <= 1.3)");
            System.out.println("PASS CreateDeleteBench: all " + (cycles + warmup) + " API cycles returned 200");
        } finally {
            Files.deleteIfExists(raw);
        }
    }

    static void apiCycle(Api api, String vm, String name) throws Exception {
        String path = "/api/vm/" + vm + "/snapshot/" + name + "/";
        Api.Res c = api.call("POST", path, "{\"disk_id\":1}", true);
        check(c.streamedOk(), "POST " + path + " -> " + c);
        Api.Res d = api.call("DELETE", path, "{\"disk_id\":1}", true);
        check(d.streamedOk(), "DELETE " + path + " -> " + d);
    }

    static void rawCycle(Path img, String tag) throws Exception {
        check(Proc.run(List.of("qemu-img", "snapshot", "-c", tag, img.toString()), 60).ok(), "qemu-img snapshot -c");
        check(Proc.run(List.of("qemu-img", "snapshot", "-d", tag, img.toString()), 60).ok(), "qemu-img snapshot -d");
    }

    static void fill(Path img) throws Exception {
        Proc.Out o = Proc.run(List.of("qemu-io", "-f", "qcow2", "-c", "write -P 0xab 0 64M", img.toString()), 120);
        check(o.ok(), "qemu-io write into " + img + ": " + o.text);
    }

    /** Defines and deploys a VM with one 1 GiB disk and returns the image that appeared for it. */
    static Path deployVm(Api api, Path dataDir, String vm) throws Exception {
        Set<Path> before = images(dataDir);
        Api.Res r = api.call("POST", "/api/vm/" + vm + "/define/", "{}", false);
        check(r.status == 201, "POST /api/vm/" + vm + "/define/ -> " + r);
        r = api.call("POST", "/api/vm/" + vm + "/define/disk/1/", "{\"size\": 1024}", false);
        check(r.status == 201, "POST /api/vm/" + vm + "/define/disk/1/ -> " + r);
        r = api.call("POST", "/api/vm/" + vm + "/", null, true);
        check(r.streamedOk(), "POST /api/vm/" + vm + "/ (deploy) -> " + r);
        Set<Path> added = images(dataDir);
        added.removeAll(before);
        check(added.size() == 1, "exactly one new image after deploying " + vm + ", got " + added);
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

    static void result(String metric, String value, String note) {
        System.out.println("RESULT\tCreateDelete\t" + metric + "\t" + value + "\t" + note);
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            System.out.println("FAIL CreateDeleteBench: " + what);
            System.out.println("RESULT\tCreateDelete\tcheck\tFAIL\t" + what);
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
