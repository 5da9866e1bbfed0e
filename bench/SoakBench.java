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
 * Usage (after javac -d DIR bench/*.java): java -cp DIR SoakBench <base-url> <data-dir> [quick]; password in $VMSNAP_ADMIN_PASSWORD.
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
        for (int v = 0; v < vmCount; v++) {
            expected.put(prefix + v, ConcurrentHashMap.newKeySet());
            uncertain.put(prefix + v, ConcurrentHashMap.newKeySet());
            images.put(prefix + v, Bench.deployVm(api, dataDir, prefix + v));
        }
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
        for (int i = 0; !((List<?>) Json.parse(api.call("GET", "/api/task/", null, false).body())).isEmpty(); i++) {
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

    static void result(String metric, String value, String note) {
        System.out.println("RESULT\tSoak\t" + metric + "\t" + value + "\t" + note);
    }

    static void check(boolean ok, String what) { if (!ok) { verdict(false, "", what); System.exit(1); } }
}
