import java.net.URI;
import java.net.http.*;
import java.nio.file.*;
import java.time.*;
import java.util.*;
import java.util.concurrent.*;
import java.util.stream.*;

/**
 * Snapshot create+delete cycle through the API (ES-STREAM, i.e. until the task is done) versus the same
 * qemu-img snapshot -c/-d on a comparable image, interleaved in blocks so machine noise hits both. The API is called
 * over a plain HTTP/1.1 keep-alive socket (the measure) and, for comparison, through the JDK's HttpClient.
 * Usage (after javac -d DIR bench/*.java): java -cp DIR CreateDeleteBench <base-url> <data-dir> [quick]; password in $VMSNAP_ADMIN_PASSWORD.
 */
public class CreateDeleteBench {
    static final double TARGET_RATIO = 1.3;

    public static void main(String[] args) throws Exception {
        String base = args[0];
        Path dataDir = Path.of(args[1]);
        boolean quick = args.length > 2 && args[2].equals("quick");
        // 300 warm-up cycles: the server JIT-compiles its request path only after some hundreds of calls, and
        // a running service is warm; both sides get the same warm-up.
        int warmup = quick ? 3 : 300, cycles = quick ? 40 : 200, block = quick ? 10 : 20;
        Api api = new Api(base, System.getenv("VMSNAP_ADMIN_PASSWORD"));
        String vm = "cd" + Long.toHexString(System.nanoTime() & 0xffffff);

        Path image = Bench.deployVm(api, dataDir, vm);
        fill(image);
        Path raw = Files.createTempFile("bench-raw-", ".qcow2");
        try {
            check(Proc.run(List.of("qemu-img", "create", "-f", "qcow2", raw.toString(), "1G"), 60).ok(),
                    "qemu-img create");
            fill(raw);
            for (int i = 0; i < warmup; i++) {
                apiCycle(api, vm, "w" + i, true);
                apiCycle(api, vm, "x" + i, false);
                rawCycle(raw, "vw-" + i);
            }
            // three sides: the API over a plain keep-alive socket (the measure), the API through the JDK's HttpClient
            // (for comparison: the client's own cost included), raw
            List<List<Double>> ms = Bench.interleave(cycles, block, List.of(
                    i -> apiCycle(api, vm, "b" + i, true),
                    i -> apiCycle(api, vm, "j" + i, false),
                    i -> rawCycle(raw, "vs-" + i)));
            List<Double> apiMs = ms.get(0), jdkMs = ms.get(1), rawMs = ms.get(2);
            List<?> left = (List<?>) api.json("GET", "/api/vm/" + vm + "/snapshot/", null).get("result");
            check(left.isEmpty(), "API snapshot list empty after the cycles (has " + left.size() + ")");
            double ratio = Bench.mean(apiMs) / Bench.mean(rawMs);
            System.out.printf("CreateDeleteBench: %d cycles each (+%d warm-up), blocks of %d%n", cycles, warmup, block);
            System.out.printf("  API  mean %.1f ms  median %.1f ms  (min %.1f, max %.1f)%n",
                    Bench.mean(apiMs), Bench.pct(apiMs, 50), Bench.pct(apiMs, 0), Bench.pct(apiMs, 100));
            System.out.printf("  API through the JDK HttpClient  mean %.1f ms  median %.1f ms  (ratio to raw %.2f)%n",
                    Bench.mean(jdkMs), Bench.pct(jdkMs, 50), Bench.mean(jdkMs) / Bench.mean(rawMs));
            System.out.printf("  raw  mean %.1f ms  median %.1f ms  (min %.1f, max %.1f)%n",
                    Bench.mean(rawMs), Bench.pct(rawMs, 50), Bench.pct(rawMs, 0), Bench.pct(rawMs, 100));
            System.out.printf("  ratio API/raw (mean) %.2f, (median) %.2f, target <= %.1f: %s%n", ratio,
                    Bench.pct(apiMs, 50) / Bench.pct(rawMs, 50), TARGET_RATIO, ratio <= TARGET_RATIO ? "met" : "MISSED");
            result("create+delete API mean/median", String.format("%.1f / %.1f ms", Bench.mean(apiMs), Bench.pct(apiMs, 50)), "");
            result("create+delete API (JDK HttpClient) mean/median", String.format("%.1f / %.1f ms", Bench.mean(jdkMs), Bench.pct(jdkMs, 50)),
                    String.format("ratio %.2f", Bench.mean(jdkMs) / Bench.mean(rawMs)));
            result("create+delete raw mean/median", String.format("%.1f / %.1f ms", Bench.mean(rawMs), Bench.pct(rawMs, 50)), "");
            result("ratio API/raw (mean)", String.format("%.2f", ratio),
                    (ratio <= TARGET_RATIO ? "met" : "MISSED") + " (target <= 1.3)");
            System.out.println("PASS CreateDeleteBench: all " + (cycles + warmup) + " API cycles returned 200");
        } finally {
            Files.deleteIfExists(raw);
        }
    }

    static void apiCycle(Api api, String vm, String name, boolean wire) throws Exception {
        Bench.createDelete(api, vm, name, wire, CreateDeleteBench::check);
    }

    static void rawCycle(Path img, String tag) throws Exception {
        check(Proc.run(List.of("qemu-img", "snapshot", "-c", tag, img.toString()), 60).ok(), "qemu-img snapshot -c");
        check(Proc.run(List.of("qemu-img", "snapshot", "-d", tag, img.toString()), 60).ok(), "qemu-img snapshot -d");
    }

    static void fill(Path img) throws Exception {
        Proc.Out o = Proc.run(List.of("qemu-io", "-f", "qcow2", "-c", "write -P 0xab 0 64M", img.toString()), 120);
        check(o.ok(), "qemu-io write into " + img + ": " + o.text());
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
}
