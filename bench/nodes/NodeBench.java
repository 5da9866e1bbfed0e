import java.util.*;

/**
 * Snapshot create+delete through the API (ES-STREAM, until the task is done) on a VM of the server's embedded node
 * versus a VM of a node served by an agent over RabbitMQ, interleaved in blocks in one run against one control
 * plane. Usage: java -cp DIR NodeBench <base-url> <remote-node> [quick]; password in $VMSNAP_ADMIN_PASSWORD.
 */
public class NodeBench {
    static final double TARGET_RATIO = 1.3;

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String node = args[1];
        boolean quick = args.length > 2 && args[2].equals("quick");
        int warmup = quick ? 5 : 200, cycles = quick ? 40 : 200, block = quick ? 10 : 20;
        Api api = new Api(base, System.getenv("VMSNAP_ADMIN_PASSWORD"));
        String local = "nl" + Long.toHexString(System.nanoTime() & 0xffffff);
        String remote = "nr" + Long.toHexString(System.nanoTime() & 0xffffff);
        deploy(api, local, "local");
        deploy(api, remote, node);
        for (int i = 0; i < warmup; i++) {
            Bench.createDelete(api, local, "w" + i, true, NodeBench::check);
            Bench.createDelete(api, remote, "w" + i, true, NodeBench::check);
        }
        List<List<Double>> ms = Bench.interleave(cycles, block, List.of(
                i -> Bench.createDelete(api, local, "b" + i, true, NodeBench::check),
                i -> Bench.createDelete(api, remote, "b" + i, true, NodeBench::check)));
        List<Double> loc = ms.get(0), rem = ms.get(1);
        // one call each: a sync reads the disk's snapshot table (one inspect) and settles the rows
        List<List<Double>> syncs = Bench.interleave(cycles, block, List.of(
                i -> sync(api, local), i -> sync(api, remote)));
        double callMs = Bench.mean(syncs.get(1)) - Bench.mean(syncs.get(0));
        double ratio = Bench.mean(rem) / Bench.mean(loc);
        System.out.printf("NodeBench: %d cycles each (+%d warm-up), blocks of %d%n", cycles, warmup, block);
        System.out.printf("  embedded node  mean %.1f ms  median %.1f ms%n", Bench.mean(loc), Bench.pct(loc, 50));
        System.out.printf("  agent %s  mean %.1f ms  median %.1f ms%n", node, Bench.mean(rem), Bench.pct(rem, 50));
        System.out.printf("  ratio agent/embedded (mean) %.2f, (median) %.2f, target <= %.1f: %s%n", ratio,
                Bench.pct(rem, 50) / Bench.pct(loc, 50), TARGET_RATIO, ratio <= TARGET_RATIO ? "met" : "MISSED");
        System.out.printf("  sync (one inspect) embedded mean %.1f ms, via agent %.1f ms: %.1f ms per call to the agent%n",
                Bench.mean(syncs.get(0)), Bench.mean(syncs.get(1)), callMs);
        result("one call to the agent (sync via agent - embedded)", String.format("%.1f ms", callMs), "");
        result("create+delete embedded mean/median", String.format("%.1f / %.1f ms", Bench.mean(loc), Bench.pct(loc, 50)), "");
        result("create+delete via agent mean/median", String.format("%.1f / %.1f ms", Bench.mean(rem), Bench.pct(rem, 50)), "");
        result("ratio agent/embedded (mean)", String.format("%.2f", ratio),
                (ratio <= TARGET_RATIO ? "met" : "MISSED") + " (target <= 1.3)");
    }

    static void sync(Api api, String vm) throws Exception {
        Api.Res r = api.wire("PUT", "/api/vm/" + vm + "/snapshot/", "{\"disk_id\":1}", true);
        check(r.streamedOk(), "sync " + vm + " -> " + r);
    }

    static void deploy(Api api, String vm, String node) throws Exception {
        Api.Res r = api.call("POST", "/api/vm/" + vm + "/define/", "{\"node\": \"" + node + "\"}", false);
        check(r.status() == 201, "define " + vm + " on " + node + " -> " + r);
        r = api.call("POST", "/api/vm/" + vm + "/define/disk/1/", "{\"size\": 1024}", false);
        check(r.status() == 201, "define disk of " + vm + " -> " + r);
        r = api.call("POST", "/api/vm/" + vm + "/", null, true);
        check(r.streamedOk(), "deploy " + vm + " -> " + r);
    }

    static void result(String metric, String value, String note) {
        System.out.println("RESULT\tNode\t" + metric + "\t" + value + "\t" + note);
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            System.out.println("FAIL NodeBench: " + what);
            result("check", "FAIL", what);
            System.exit(1);
        }
    }
}
