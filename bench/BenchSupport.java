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

    /** A benchmark's own check: on failure it prints its FAIL and RESULT lines and exits. */
    interface Check {
        void that(boolean ok, String what);
    }

    /** Creates and deletes one snapshot of disk 1, each until its task is done; over {@link Wire} or the JDK client. */
    static void createDelete(Api api, String vm, String name, boolean wire, Check check) throws Exception {
        String path = "/api/vm/" + vm + "/snapshot/" + name + "/";
        Api.Res c = wire ? api.wire("POST", path, "{\"disk_id\":1}", true) : api.call("POST", path, "{\"disk_id\":1}", true);
        check.that(c.streamedOk(), "POST " + path + " -> " + c);
        Api.Res d = wire ? api.wire("DELETE", path, "{\"disk_id\":1}", true) : api.call("DELETE", path, "{\"disk_id\":1}", true);
        check.that(d.streamedOk(), "DELETE " + path + " -> " + d);
    }

    /** One side of an interleaved comparison: its cycle number i. */
    interface Side {
        void cycle(int i) throws Exception;
    }

    /**
     * Runs {@code cycles} cycles of every side in blocks of {@code block}, the sides' order rotating from block to
     * block so machine noise hits them alike; returns each side's cycle times in ms, in the order of {@code sides}.
     */
    static List<List<Double>> interleave(int cycles, int block, List<Side> sides) throws Exception {
        List<List<Double>> ms = new ArrayList<>();
        sides.forEach(s -> ms.add(new ArrayList<>()));
        for (int done = 0; done < cycles; done += block) {
            for (int pass = 0; pass < sides.size(); pass++) {
                int side = (pass + done / block) % sides.size();
                for (int i = done; i < Math.min(done + block, cycles); i++) {
                    long t0 = System.nanoTime();
                    sides.get(side).cycle(i);
                    ms.get(side).add((System.nanoTime() - t0) / 1e6);
                }
            }
        }
        return ms;
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

    /**
     * The same call over a plain HTTP/1.1 keep-alive socket of this thread (see {@link Wire}): what the server takes
     * to answer, without the JDK client's own per-request cost (its selector and executor hand-offs, about 1 to 3 ms
     * a request on 2 cores).
     */
    Res wire(String method, String path, String json, boolean stream) throws Exception {
        return Wire.of(base).call(method, path, json, token, stream);
    }

    Map<?, ?> json(String method, String path, String body) throws Exception {
        Res r = call(method, path, body, false);
        if (r.status != 200) throw new IllegalStateException(method + " " + path + " -> " + r);
        return (Map<?, ?>) Json.parse(r.body);
    }
}

/**
 * A minimal HTTP/1.1 client: one keep-alive socket per thread and base URL, a request written in one go, the answer
 * read by Content-Length or chunked transfer coding. Enough for vmsnap's JSON answers; not a general client.
 */
final class Wire {
    private static final ThreadLocal<Map<String, Wire>> OPEN = ThreadLocal.withInitial(HashMap::new);
    private final java.net.Socket socket;
    private final java.io.InputStream in;
    private final java.io.OutputStream out;
    private final String host;

    private Wire(URI uri) throws java.io.IOException {
        socket = new java.net.Socket(uri.getHost(), uri.getPort());
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(600_000);
        in = new java.io.BufferedInputStream(socket.getInputStream(), 65536);
        out = socket.getOutputStream();
        host = uri.getHost() + ":" + uri.getPort();
    }

    static Wire of(String base) throws java.io.IOException {
        Map<String, Wire> open = OPEN.get();
        Wire w = open.get(base);
        if (w == null || w.socket.isClosed()) {
            w = new Wire(URI.create(base));
            open.put(base, w);
        }
        return w;
    }

    Api.Res call(String method, String path, String json, String token, boolean stream) throws java.io.IOException {
        byte[] body = json == null ? new byte[0] : json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ").append(host)
                .append("\r\nAuthorization: Token ").append(token).append("\r\nContent-Length: ").append(body.length);
        if (json != null) head.append("\r\nContent-Type: application/json");
        if (stream) head.append("\r\nES-STREAM: es");
        head.append("\r\n\r\n");
        byte[] h = head.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] request = Arrays.copyOf(h, h.length + body.length);
        System.arraycopy(body, 0, request, h.length, body.length);
        out.write(request);
        out.flush();
        String status = line();
        int code = Integer.parseInt(status.split(" ")[1]);
        long length = -1;
        boolean chunked = false, close = false;
        for (String l = line(); !l.isEmpty(); l = line()) {
            String k = l.substring(0, l.indexOf(':')).trim().toLowerCase(Locale.ROOT), v = l.substring(l.indexOf(':') + 1).trim();
            if (k.equals("content-length")) length = Long.parseLong(v);
            if (k.equals("transfer-encoding") && v.equalsIgnoreCase("chunked")) chunked = true;
            if (k.equals("connection") && v.equalsIgnoreCase("close")) close = true;
        }
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        if (chunked) {
            for (int n = Integer.parseInt(line().trim(), 16); n > 0; n = Integer.parseInt(line().trim(), 16)) {
                got.write(in.readNBytes(n));
                line();
            }
            while (!line().isEmpty()) {} // trailers
        } else if (length >= 0) {
            got.write(in.readNBytes((int) length));
        } else {
            got.write(in.readAllBytes());
            close = true;
        }
        if (close) socket.close();
        return new Api.Res(code, got.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    private String line() throws java.io.IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) throw new java.io.EOFException("connection closed by the server");
            if (c != '\r') b.append((char) c);
        }
        return b.toString();
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
