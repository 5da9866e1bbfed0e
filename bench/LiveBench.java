import java.io.*;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;

/**
 * Live snapshot of a running VM: create+delete through the API (ES-STREAM, until the task is done; vmsnap finds
 * the disk's block node with query-block and sends blockdev-snapshot-internal-sync / -delete-internal-sync) versus
 * the same two QMP commands sent directly to a second, identically configured QEMU, interleaved in blocks. The API
 * is called over a plain HTTP/1.1 keep-alive socket (the measure) and, for comparison, through the JDK's HttpClient.
 * No guest OS is needed: QEMU takes the snapshot. Target ratio API/direct <= 1.5.
 * Usage (after javac -d DIR bench/*.java): java -cp DIR LiveBench <base-url> <data-dir> [quick]
 */
public class LiveBench {
    static final double TARGET_RATIO = 1.5;

    public static void main(String[] args) throws Exception {
        String base = args[0];
        Path dataDir = Path.of(args[1]);
        boolean quick = args.length > 2 && args[2].equals("quick");
        int warmup = quick ? 3 : 100, cycles = quick ? 30 : 200, block = quick ? 10 : 20;
        Api api = new Api(base, System.getenv("VMSNAP_ADMIN_PASSWORD"));
        String vm = "lv" + Long.toHexString(System.nanoTime() & 0xffffff);
        Bench.deployVm(api, dataDir, vm);
        check(api.call("PUT", "/api/vm/" + vm + "/define/runtime/", "{\"ram\": 96}", false).status() == 200, "runtime");
        check(api.call("PUT", "/api/vm/" + vm + "/status/start/", null, true).streamedOk(), "start VM");

        Path work = Files.createTempDirectory("livebench");
        Path image = work.resolve("direct.qcow2");
        Path socket = work.resolve("qmp.sock");
        check(Proc.run(List.of("qemu-img", "create", "-q", "-f", "qcow2", image.toString(), "1G"), 60).ok(), "create");
        Process qemu = new ProcessBuilder(List.of("qemu-system-x86_64", "-machine", "q35", "-accel", "tcg", "-m", "96",
                        "-nodefaults", "-no-user-config", "-display", "none",
                        "-chardev", "socket,id=qmp,path=" + socket + ",server=on,wait=off", "-mon", "chardev=qmp,mode=control",
                        "-blockdev", "{\"driver\":\"qcow2\",\"node-name\":\"disk1\",\"file\":{\"driver\":\"file\",\"filename\":\"" + image + "\"}}",
                        "-device", "virtio-blk-pci,drive=disk1"))
                .redirectErrorStream(true).redirectOutput(work.resolve("qemu.log").toFile()).start();
        try (Qmp qmp = Qmp.connect(socket)) {
            for (int i = 0; i < warmup; i++) {
                apiCycle(api, vm, "w" + i, true);
                apiCycle(api, vm, "x" + i, false);
                qmp.cycle("w-" + i);
            }
            // three sides: the API over a plain keep-alive socket (the measure), the API through the JDK's HttpClient
            // (for comparison: the client's own cost included), direct
            List<List<Double>> ms = Bench.interleave(cycles, block, List.of(
                    i -> apiCycle(api, vm, "b" + i, true),
                    i -> apiCycle(api, vm, "j" + i, false),
                    i -> qmp.cycle("d-" + i)));
            List<Double> apiMs = ms.get(0), jdkMs = ms.get(1), directMs = ms.get(2);
            double ratio = Bench.mean(apiMs) / Bench.mean(directMs);
            System.out.printf("LiveBench: %d live create+delete cycles each (+%d warm-up), blocks of %d%n", cycles, warmup, block);
            System.out.printf("  API     mean %.1f ms  median %.1f ms%n", Bench.mean(apiMs), Bench.pct(apiMs, 50));
            System.out.printf("  API through the JDK HttpClient  mean %.1f ms  median %.1f ms  (ratio to direct %.2f)%n",
                    Bench.mean(jdkMs), Bench.pct(jdkMs, 50), Bench.mean(jdkMs) / Bench.mean(directMs));
            System.out.printf("  direct  mean %.1f ms  median %.1f ms%n", Bench.mean(directMs), Bench.pct(directMs, 50));
            System.out.printf("  ratio API/direct QMP (mean) %.2f, (median) %.2f, target <= %.1f: %s%n", ratio,
                    Bench.pct(apiMs, 50) / Bench.pct(directMs, 50), TARGET_RATIO, ratio <= TARGET_RATIO ? "met" : "MISSED");
            result("live create+delete API mean", String.format("%.1f ms", Bench.mean(apiMs)), "");
            result("live create+delete API (JDK HttpClient) mean", String.format("%.1f ms", Bench.mean(jdkMs)),
                    String.format("ratio %.2f", Bench.mean(jdkMs) / Bench.mean(directMs)));
            result("live create+delete direct QMP mean", String.format("%.1f ms", Bench.mean(directMs)), "");
            result("ratio API/direct (mean)", String.format("%.2f", ratio), (ratio <= TARGET_RATIO ? "met" : "MISSED") + " (target <= 1.5)");
        } finally {
            qemu.destroyForcibly().waitFor();
            api.call("PUT", "/api/vm/" + vm + "/status/stop/", "{\"force\": true}", true);
        }
        System.out.println("PASS LiveBench");
    }

    static void apiCycle(Api api, String vm, String name, boolean wire) throws Exception {
        Bench.createDelete(api, vm, name, wire, LiveBench::check);
    }

    /** Just enough QMP: greeting, capabilities, one command at a time. */
    static final class Qmp implements Closeable {
        private final SocketChannel ch;
        private final BufferedReader in;

        private Qmp(SocketChannel ch) {
            this.ch = ch;
            this.in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
        }

        static Qmp connect(Path socket) throws Exception {
            for (int i = 0; i < 500; i++) {
                try {
                    SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                    ch.connect(UnixDomainSocketAddress.of(socket));
                    Qmp q = new Qmp(ch);
                    q.in.readLine(); // greeting
                    q.exec("{\"execute\":\"qmp_capabilities\"}");
                    return q;
                } catch (IOException e) {
                    Thread.sleep(20);
                }
            }
            throw new IllegalStateException("no QMP at " + socket);
        }

        void cycle(String tag) throws IOException {
            exec("{\"execute\":\"blockdev-snapshot-internal-sync\",\"arguments\":{\"device\":\"disk1\",\"name\":\"" + tag + "\"}}");
            exec("{\"execute\":\"blockdev-snapshot-delete-internal-sync\",\"arguments\":{\"device\":\"disk1\",\"name\":\"" + tag + "\"}}");
        }

        void exec(String command) throws IOException {
            ch.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8)));
            while (true) {
                String line = in.readLine();
                if (line == null) throw new EOFException("QMP closed");
                if (line.contains("\"return\"")) return;
                if (line.contains("\"error\"")) throw new IOException(line);
            }
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }

    static void result(String metric, String value, String note) {
        System.out.println("RESULT\tLive\t" + metric + "\t" + value + "\t" + note);
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            System.out.println("FAIL LiveBench: " + what);
            System.out.println("RESULT\tLive\tcheck\tFAIL\t" + what);
            System.exit(1);
        }
    }
}
