import java.net.URI;
import java.net.http.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.time.*;
import java.util.*;

/**
 * CloudSigma front door, two figures:
 *  1. clone of a snapshot of a fully written 1 GiB drive (POST /api/2.0/snapshots/{uuid}/action/?do=clone until the
 *     new drive is unmounted) against `qemu-img convert` of the same snapshot run directly; target ratio <= 1.2;
 *  2. GET /api/2.0/snapshots/detail/?limit=0 with 5,000 snapshots (8 accounts x 7 drives, within the default quotas
 *     of 700 per account and 90 per drive, listed by the admin who sees them all): median latency.
 * Usage (after javac -d DIR bench/*.java): java -cp DIR CloudSigmaBench <base-url> <data-dir> [quick];
 * password in $VMSNAP_ADMIN_PASSWORD.
 */
public class CloudSigmaBench {
    static final double TARGET_RATIO = 1.2;
    static final long GIB = 1024L * 1024 * 1024;

    public static void main(String[] args) throws Exception {
        String base = args[0];
        Path dataDir = Path.of(args[1]).toAbsolutePath().normalize();
        boolean quick = args.length > 2 && args[2].equals("quick");
        String password = System.getenv("VMSNAP_ADMIN_PASSWORD");
        Cs admin = new Cs(base, "admin@localhost", password);
        Api danube = new Api(base, password);
        int rounds = quick ? 2 : 6;
        // a fresh account: the benchmarks run before this one leave snapshots on the admin's (quota 700)
        cloneBench(freshUser(base, danube), dataDir, rounds);
        listBench(base, admin, danube, quick ? 500 : 5000, quick ? 5 : 10, quick ? 20 : 60);
        System.out.println("PASS CloudSigmaBench");
    }

    static void cloneBench(Cs cs, Path dataDir, int rounds) throws Exception {
        String drive = cs.createDrive("bench-clone", GIB);
        Path image = dataDir.resolve("images").resolve(drive + ".qcow2");
        Proc.Out w = Proc.run(List.of("qemu-io", "-f", "qcow2", "-c", "write -P 90 0 1G", image.toString()), 900);
        check(w.ok() && !w.text().contains("failed"), "qemu-io write: " + w.text());
        String snap = cs.snapshot(drive);
        Proc.Out list = Proc.run(List.of("qemu-img", "snapshot", "-l", image.toString()), 60);
        String tag = Arrays.stream(list.text().split("\n")).map(String::trim).filter(l -> l.matches("\\d+\\s+vs-\\d+.*"))
                .map(l -> l.split("\\s+")[1]).findFirst().orElseThrow(() -> new IllegalStateException(list.text()));
        Path out = Files.createTempDirectory(dataDir, "direct");
        List<Double> direct = new ArrayList<>(), clone = new ArrayList<>();
        directConvert(image, tag, out.resolve("warm.qcow2")); // page cache warm for both
        for (int r = 0; r < rounds; r++) {
            // each copy starts with no dirty pages left by the one before (sync, untimed), and the order alternates
            if (r % 2 == 0) {
                direct.add(directConvert(image, tag, out.resolve("d" + r + ".qcow2")));
            }
            settle();
            long t = System.nanoTime();
            Cs.Res res = cs.call("POST", "snapshots/" + snap + "/action/?do=clone", "{}");
            check(res.status() == 202, "clone -> " + res);
            String target = (String) ((Map<?, ?>) Json.parse(res.body())).get("uuid");
            cs.awaitStatus("drives/" + target + "/", "unmounted", 10);
            clone.add((System.nanoTime() - t) / 1e6);
            if (r % 2 == 1) {
                direct.add(directConvert(image, tag, out.resolve("d" + r + ".qcow2")));
            }
            Path cloned = dataDir.resolve("images").resolve(target + ".qcow2");
            for (String at : List.of("0", "1023M")) {
                Proc.Out rd = Proc.run(List.of("qemu-io", "-f", "qcow2", "-r", "-c", "read -P 90 " + at + " 1M", cloned.toString()), 60);
                check(rd.ok() && !rd.text().contains("fail"), "clone does not read the snapshot's data at " + at + ": " + rd.text());
            }
            check(cs.call("DELETE", "drives/" + target + "/", null).status() == 204, "delete clone");
            // the deletion runs as a task: let it finish before the next timed copy competes with it
            for (int waited = 0; cs.call("GET", "drives/" + target + "/", null).status() != 404 || Files.exists(cloned); waited++) {
                check(waited < 6000, "clone " + target + " not deleted");
                Thread.sleep(10);
            }
            settle();
        }
        try (var files = Files.list(out)) { for (Path p : files.toList()) Files.delete(p); }
        Files.delete(out);
        double d = Bench.mean(direct), c = Bench.mean(clone), ratio = c / d;
        System.out.printf("CloudSigmaBench: clone of a 1 GiB snapshot: API %s ms vs qemu-img convert %s ms -> ratio %.2f (target <= %.1f: %s)%n",
                fmt(clone), fmt(direct), ratio, TARGET_RATIO, ratio <= TARGET_RATIO ? "met" : "MISSED");
        result("clone 1 GiB: API / qemu-img convert", String.format("%.0f / %.0f ms = %.2f", c, d, ratio),
                (ratio <= TARGET_RATIO ? "met" : "MISSED") + " (target <= 1.2), " + rounds + " round(s) each");
    }

    /** Writes back what earlier copies left dirty, so each timed copy starts from the same state. */
    static void settle() throws Exception {
        check(Proc.run(List.of("sync"), 600).ok(), "sync");
    }

    static double directConvert(Path image, String tag, Path target) throws Exception {
        settle();
        long t = System.nanoTime();
        Proc.Out o = Proc.run(List.of("qemu-img", "convert", "-q", "-f", "qcow2", "-O", "qcow2", "-l", "snapshot.name=" + tag,
                image.toString(), target.toString()), 1800);
        double ms = (System.nanoTime() - t) / 1e6;
        check(o.ok(), "qemu-img convert: " + o.text());
        Files.delete(target);
        return ms;
    }

    static Cs freshUser(String base, Api danube) throws Exception {
        String user = "csb" + Long.toHexString(System.nanoTime() & 0xffffff);
        Api.Res r = danube.call("POST", "/api/accounts/user/" + user + "/",
                "{\"password\":\"pw-" + user + "\",\"api_access\":true,\"email\":\"" + user + "@bench\"}", false);
        check(r.status() == 201, "create user -> " + r);
        return new Cs(base, user + "@bench", "pw-" + user);
    }

    static long available(Cs admin) throws Exception {
        Map<?, ?> page = (Map<?, ?>) Json.parse(admin.call("GET", "snapshots/detail/?limit=0", null).body());
        return ((List<?>) page.get("objects")).stream().filter(o -> "available".equals(((Map<?, ?>) o).get("status"))).count();
    }

    static void listBench(String base, Cs admin, Api danube, int total, int warmup, int requests) throws Exception {
        int perAccount = 625, perDrive = 90, accounts = (total + perAccount - 1) / perAccount;
        long before = available(admin); // what earlier benchmarks and the clone bench left
        long t0 = System.nanoTime();
        int made = 0;
        for (int a = 0; a < accounts && made < total; a++) {
            Cs cs = freshUser(base, danube);
            int mine = Math.min(perAccount, total - made);
            List<String> drives = new ArrayList<>();
            for (int i = 0; i * perDrive < mine; i++) drives.add(cs.createDriveAsync("bench-list", 16L * 1024 * 1024));
            for (String d : drives) cs.awaitStatus("drives/" + d + "/", "unmounted", 2);
            for (int i = 0; i < drives.size(); i++) {
                int n = Math.min(perDrive, mine - i * perDrive);
                StringBuilder body = new StringBuilder("{\"objects\":[");
                for (int k = 0; k < n; k++) body.append(k == 0 ? "" : ",").append("{\"drive\":\"").append(drives.get(i)).append("\"}");
                Cs.Res res = cs.call("POST", "snapshots/", body.append("]}").toString());
                check(res.status() == 201, "bulk snapshot create -> " + res);
            }
            made += mine;
        }
        long expected = made + before;
        while (true) {
            long available = available(admin);
            if (available == expected) break;
            check((System.nanoTime() - t0) / 1e9 < 3600, "snapshots not available after an hour: " + available + "/" + expected);
            Thread.sleep(2000);
        }
        double setupS = (System.nanoTime() - t0) / 1e9;
        System.out.printf("CloudSigmaBench: %d snapshots on %d accounts taken in %.0f s (%.1f ms/snapshot)%n", made, accounts, setupS, setupS * 1000 / made);
        List<Double> ms = new ArrayList<>();
        int bytes = 0;
        for (int i = 0; i < warmup + requests; i++) {
            long s = System.nanoTime();
            Cs.Res res = admin.call("GET", "snapshots/detail/?limit=0", null);
            double took = (System.nanoTime() - s) / 1e6;
            check(res.status() == 200, "list -> " + res);
            if (i == 0) {
                Map<?, ?> page = (Map<?, ?>) Json.parse(res.body());
                check(((List<?>) page.get("objects")).size() == expected, "list has " + ((List<?>) page.get("objects")).size() + " objects, expected " + expected);
                bytes = res.body().length();
            }
            if (i >= warmup) ms.add(took);
        }
        System.out.printf("  GET /api/2.0/snapshots/detail/?limit=0 with %d snapshots, %d requests (+%d warm-up): median %.1f ms, p90 %.1f ms, max %.1f ms, body %d bytes%n",
                expected, requests, warmup, Bench.pct(ms, 50), Bench.pct(ms, 90), Bench.pct(ms, 100), bytes);
        result("list " + expected + " snapshots median/p90", String.format("%.1f / %.1f ms", Bench.pct(ms, 50), Bench.pct(ms, 90)),
                "GET /api/2.0/snapshots/detail/?limit=0, " + bytes + " bytes");
    }

    static String fmt(List<Double> v) {
        return v.stream().map(x -> String.format("%.0f", x)).toList().toString();
    }

    static void result(String metric, String value, String note) {
        System.out.println("RESULT\tCloudSigma\t" + metric + "\t" + value + "\t" + note);
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            System.out.println("FAIL CloudSigmaBench: " + what);
            System.out.println("RESULT\tCloudSigma\tcheck\tFAIL\t" + what);
            System.exit(1);
        }
    }

    /** A pycloudsigma-like client: HTTP Basic, JSON. */
    static final class Cs {
        final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        final String base, auth;

        record Res(int status, String body) {
            public String toString() { return status + " " + (body.length() > 300 ? body.substring(0, 300) + "..." : body); }
        }

        Cs(String base, String email, String password) {
            this.base = base + "/api/2.0/";
            this.auth = "Basic " + Base64.getEncoder().encodeToString((email + ":" + password).getBytes(StandardCharsets.UTF_8));
        }

        Res call(String method, String path, String json) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(10))
                    .header("Authorization", auth).header("Content-Type", "application/json")
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Res(r.statusCode(), r.body());
        }

        String createDriveAsync(String name, long size) throws Exception {
            Res r = call("POST", "drives/", "{\"objects\":[{\"name\":\"" + name + "\",\"size\":" + size + ",\"media\":\"disk\"}]}");
            check(r.status() == 201, "create drive -> " + r);
            return (String) ((Map<?, ?>) ((List<?>) ((Map<?, ?>) Json.parse(r.body())).get("objects")).get(0)).get("uuid");
        }

        String createDrive(String name, long size) throws Exception {
            String uuid = createDriveAsync(name, size);
            awaitStatus("drives/" + uuid + "/", "unmounted", 20);
            return uuid;
        }

        String snapshot(String drive) throws Exception {
            Res r = call("POST", "snapshots/", "{\"objects\":[{\"drive\":\"" + drive + "\"}]}");
            check(r.status() == 201, "create snapshot -> " + r);
            String uuid = (String) ((Map<?, ?>) ((List<?>) ((Map<?, ?>) Json.parse(r.body())).get("objects")).get(0)).get("uuid");
            awaitStatus("snapshots/" + uuid + "/", "available", 20);
            return uuid;
        }

        void awaitStatus(String path, String status, long pollMs) throws Exception {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(30));
            while (true) {
                Res r = call("GET", path, null);
                if (r.status() == 200 && status.equals(((Map<?, ?>) Json.parse(r.body())).get("status"))) return;
                check(Instant.now().isBefore(deadline), path + " did not reach " + status + ": " + r);
                Thread.sleep(pollMs);
            }
        }
    }
}
