import java.net.URI;
import java.net.http.*;
import java.nio.file.*;
import java.time.*;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;
import java.util.stream.*;

/**
 * 40 client threads for 60 s (30 s quick) on 10 VMs: create a uniquely named snapshot (ES-STREAM) on a random VM,
 * and half the time delete one of the thread's own earlier snapshots. Afterwards the API list, the expected set
 * and the images (qemu-img check, snapshot -l) must agree.
 * Usage: java bench/SoakBench.java <base-url> <data-dir> [quick]; password in $VMSNAP_ADMIN_PASSWORD.
 */
public class SoakBench {
    record Snap(String vm, String name) {}

    static final Map<String, Integer> histogram = new ConcurrentHashMap<>();
    static final Map<String, Set<String>> expected = new ConcurrentHashMap<>(), uncertain = new ConcurrentHashMap<>();
    static final List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
    static final AtomicInteger ops = new AtomicInteger();

    public static void main(String[] args) throws Exception {
        String base = args[0];
        Path dataDir = Path.of(args[1]);
        boolean quick = args.length > 2 && args[2].equals("quick");
        int vmCount = 10, threads = 40, seconds = quick ? 30 : 60;
        Api api = new Api(base, System.getenv("VMSNAP_ADMIN_PASSWORD"));
        String prefix = "sk" + Long.toHexString(System.nanoTime() & 0xfffff) + "-";
        Map<String, Path> images = new TreeMap<>();
        for (int v = 0; v < vmCount; v++) images.put(prefix + v, deployVm(api, dataDir, prefix + v));
        List<String> vms = new ArrayList<>(images.keySet());

        long t0 = System.nanoTime(), deadline = t0 + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> jobs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            jobs.add(pool.submit(() -> {
                List<Snap> mine = new ArrayList<>();
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                for (int n = 0; System.nanoTime() < deadline; n++) {
                    Snap s = new Snap(vms.get(rnd.nextInt(vms.size())), "t" + id + "-" + n);
                    if (op("POST", api, s)) mine.add(s);
                    if (!mine.isEmpty() && rnd.nextBoolean()) {
                        Snap d = mine.remove(rnd.nextInt(mine.size()));
                        op("DELETE", api, d);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : jobs) f.get();
        pool.shutdown();
        double elapsed = (System.nanoTime() - t0) / 1e9;
        for (int i = 0; !((List<?>) Json.parse(api.call("GET", "/api/task/", null, false).body)).isEmpty(); i++) {
            if (i > 1200) { problems.add("tasks still pending 5 min after the soak"); break; }
            Thread.sleep(250);
        }

        System.out.printf("SoakBench: %d ops in %.1f s = %.1f ops/s; statuses %s%n", ops.get(), elapsed, ops.get() / elapsed, new TreeMap<>(histogram));
        result("ops/s", String.format("%.1f", ops.get() / elapsed), ops.get() + " ops in " + String.format("%.0f", elapsed) + " s, " + threads + " threads, " + vmCount + " VMs");
        result("status histogram", new TreeMap<>(histogram).toString(), "method HTTP-status[/streamed task status]");
        int fiveXx = histogram.entrySet().stream().filter(e -> e.getKey().matches("\\S+ 5.*")).mapToInt(Map.Entry::getValue).sum();
        boolean ok = verdict(fiveXx == 0, "no 5xx responses", fiveXx + " responses were 5xx");
        ok &= verdict(problems.isEmpty(), "every create/delete succeeded", problems.size() + " operations failed, first: " + (problems.isEmpty() ? "" : problems.get(0)));

        int lost = 0, dup = 0, extra = 0, badCheck = 0, tagMismatch = 0, total = 0;
        for (String vm : vms) {
            List<?> names = (List<?>) api.json("GET", "/api/vm/" + vm + "/snapshot/", null).get("result");
            Set<String> actual = names.stream().map(String::valueOf).collect(Collectors.toSet());
            Set<String> exp = expected.get(vm), unsure = uncertain.get(vm);
            total += names.size();
            dup += names.size() - actual.size();
            for (String e : exp) if (!actual.contains(e) && !unsure.contains(e)) { lost++; System.out.println("  lost: " + vm + "/" + e); }
            for (String a : actual) if (!exp.contains(a) && !unsure.contains(a)) { extra++; System.out.println("  extra: " + vm + "/" + a); }
            String img = images.get(vm).toString();
            Proc.Out check = Proc.run(List.of("qemu-img", "check", img), 120);
            if (!check.ok()) { badCheck++; System.out.println("  qemu-img check " + img + " -> " + check.code() + ": " + check.text().strip()); }
            Proc.Out list = Proc.run(List.of("qemu-img", "snapshot", "-l", img), 120);
            long tags = list.text().lines().filter(l -> l.matches("\\s*\\d+\\s+\\S+.*")).count();
            if (!list.ok() || tags != names.size()) {
                tagMismatch++;
                System.out.println("  " + vm + ": qemu-img snapshot -l has " + tags + " tags (exit " + list.code() + "), API lists " + names.size());
            }
        }
        int unsureCount = uncertain.values().stream().mapToInt(Set::size).sum();
        result("snapshots at end", String.valueOf(total), unsureCount + " uncertain");
        ok &= verdict(lost == 0, "zero lost snapshots", lost + " expected snapshots missing from the API list");
        ok &= verdict(dup == 0, "zero duplicated snapshots", dup + " duplicate names in API lists");
        ok &= verdict(extra == 0, "zero extra snapshots", extra + " listed snapshots that should not exist");
        ok &= verdict(badCheck == 0, "qemu-img check clean on all " + vmCount + " images", badCheck + " images failed qemu-img check");
        ok &= verdict(tagMismatch == 0, "qemu-img tag count = API count on all images", tagMismatch + " images disagree with the API");
        System.exit(ok ? 0 : 1);
    }

    /** One create or delete with ES-STREAM; updates the histogram and the expected set; true if it succeeded. */
    static boolean op(String method, Api api, Snap s) {
        String path = "/api/vm/" + s.vm + "/snapshot/" + s.name + "/";
        try {
            Api.Res r = api.call(method, path, "{\"disk_id\":1}", true);
            histogram.merge(method + " " + r.status() + (r.inner().equals("-") ? "" : "/" + r.inner()), 1, Integer::sum);
            ops.incrementAndGet();
            if (r.streamedOk()) {
                if (method.equals("POST")) expected.get(s.vm).add(s.name); else expected.get(s.vm).remove(s.name);
                return true;
            }
            problems.add(method + " " + path + " {\"disk_id\":1} -> " + r);
        } catch (Exception e) {
            histogram.merge(method + " " + e.getClass().getSimpleName(), 1, Integer::sum);
            uncertain.get(s.vm).add(s.name);
            problems.add(method + " " + path + " -> " + e);
        }
        return false;
    }

    static boolean verdict(boolean ok, String pass, String fail) {
        System.out.println((ok ? "PASS SoakBench: " + pass : "FAIL SoakBench: " + fail));
        result("check", ok ? "PASS" : "FAIL", ok ? pass : fail);
        return ok;
    }

    static Path deployVm(Api api, Path dataDir, String vm) throws Exception {
        expected.put(vm, ConcurrentHashMap.newKeySet());
        uncertain.put(vm, ConcurrentHashMap.newKeySet());
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
        if (!Files.isDirectory(dataDir.resolve("images"))) return new HashSet<>();
        try (Stream<Path> s = Files.walk(dataDir.resolve("images"))) {
            return s.filter(p -> p.toString().endsWith(".qcow2")).collect(Collectors.toCollection(HashSet::new));
        }
    }

    static void result(String metric, String value, String note) {
        System.out.println("RESULT\tSoak\t" + metric + "\t" + value + "\t" + note);
    }

    static void check(boolean ok, String what) { if (!ok) { verdict(false, "", what); System.exit(1); } }

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
