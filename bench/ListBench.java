import java.net.URI;
import java.net.http.*;
import java.time.*;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;

/**
 * Latency of GET /api/vm/<h>/snapshot/?full=true on a disk with 1,000 snapshots. The snapshots are created by
 * firing POSTs without ES-STREAM from a few threads (they queue per disk) and waiting until GET /api/task/ is empty.
 * Usage (after javac -d DIR bench/*.java): java -cp DIR ListBench <base-url> <data-dir> [quick]; password in $VMSNAP_ADMIN_PASSWORD.
 */
public class ListBench {
    static final double TARGET_MEDIAN_MS = 50;

    public static void main(String[] args) throws Exception {
        String base = args[0];
        boolean quick = args.length > 2 && args[2].equals("quick");
        int snapshots = quick ? 200 : 1000, requests = quick ? 50 : 200, warmup = quick ? 10 : 20, threads = 4;
        Api api = new Api(base, System.getenv("VMSNAP_ADMIN_PASSWORD"));
        String vm = "ls" + Long.toHexString(System.nanoTime() & 0xffffff);
        Bench.deployVm(api, null, vm);

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
                    statuses.merge(String.valueOf(r.status()), 1, Integer::sum);
                    if (r.status() != 201) bad.add("POST " + path + " -> " + r);
                }
                return null;
            }));
        }
        for (Future<?> f : jobs) f.get();
        pool.shutdown();
        double queuedS = (System.nanoTime() - t0) / 1e9;
        while (!((List<?>) Json.parse(api.call("GET", "/api/task/", null, false).body())).isEmpty()) {
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
            check(r.status() == 200, "GET " + path + " -> " + r);
            List<?> result = (List<?>) ((Map<?, ?>) Json.parse(r.body())).get("result");
            check(result.size() == snapshots, "GET " + path + " has " + result.size() + " entries, expected " + snapshots);
            if (i == 0) {
                long ok = result.stream().filter(o -> Double.valueOf(1).equals(((Map<?, ?>) o).get("status"))).count();
                check(ok == snapshots, ok + " of " + snapshots + " snapshots have status 1 (ok)");
            }
            if (i >= warmup) ms.add(took);
        }
        double median = Bench.pct(ms, 50);
        System.out.printf("  GET ?full=true with %d snapshots, %d requests (+%d warm-up): median %.1f ms, p90 %.1f ms, max %.1f ms, body %d bytes%n",
                snapshots, requests, warmup, median, Bench.pct(ms, 90), Bench.pct(ms, 100), api.call("GET", path, null, false).body().length());
        System.out.printf("  target median <= %.0f ms: %s%n", TARGET_MEDIAN_MS, median <= TARGET_MEDIAN_MS ? "met" : "MISSED");
        result("list full=true median/p90/max", String.format("%.1f / %.1f / %.1f ms", median, Bench.pct(ms, 90), Bench.pct(ms, 100)),
                (median <= TARGET_MEDIAN_MS ? "met" : "MISSED") + " (target median <= 50 ms)");
        System.out.println("PASS ListBench: " + snapshots + " snapshots created and listed " + (warmup + requests) + " times");
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
}
