import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Parse and next-fire cost of org.vmsnap.policy.cron.CronSchedule over 100,000 random valid expressions (fixed seed;
 * a quarter of them Danube presets, the rest random lists, ranges and steps, some of them never firing).
 * Each measurement: one warm-up run, then the best of 5.
 * The project's classes are reached by reflection, so this file also compiles alone with `javac bench/*.java`.
 * Usage (from the repository root, after `mvn -o compile`):
 *   java -cp vmsnap-server/target/classes bench/CronBench.java [count]
 */
public class CronBench {
    static final long SEED = 20_261_122L;
    static final Instant FROM = Instant.parse("2026-11-22T10:17:31Z");
    static final int RUNS = 5;

    public static void main(String[] args) throws Throwable {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Class<?> schedule = Class.forName("org.vmsnap.policy.cron.CronSchedule");
        Class<?> presets = Class.forName("org.vmsnap.policy.cron.SchedulePresets");
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        MethodHandle parse = lookup.findStatic(schedule, "parse", MethodType.methodType(schedule, String.class))
                .asType(MethodType.methodType(Object.class, String.class));
        MethodHandle next = lookup.findVirtual(schedule, "next", MethodType.methodType(Optional.class, Instant.class))
                .asType(MethodType.methodType(Optional.class, Object.class, Instant.class));
        MethodHandle preset = lookup.findStatic(presets, "forName",
                        MethodType.methodType(Optional.class, String.class, java.util.random.RandomGenerator.class))
                .asType(MethodType.methodType(Optional.class, String.class, Random.class));
        MethodHandle presetSchedule = lookup.findVirtual(Class.forName("org.vmsnap.policy.cron.SchedulePresets$Preset"),
                        "schedule", MethodType.methodType(String.class))
                .asType(MethodType.methodType(String.class, Object.class));

        String[] texts = generate(count, preset, presetSchedule);
        Object[] parsed = new Object[count];
        double parseMs = best(() -> {
            for (int i = 0; i < count; i++) {
                parsed[i] = parse.invokeExact(texts[i]);
            }
            return count;
        });
        long[] fired = new long[1];
        double nextMs = best(() -> {
            long hits = 0;
            for (int i = 0; i < count; i++) {
                Optional<?> at = (Optional<?>) next.invokeExact(parsed[i], FROM);
                hits += at.isPresent() ? 1 : 0;
            }
            fired[0] = hits;
            return hits;
        });
        System.out.printf("CronBench: %d expressions, %d fire after %s, %d never; e.g. %s | %s | %s%n",
                count, fired[0], FROM, count - fired[0], texts[0], texts[1], texts[2]);
        result("parse " + count + " expressions", String.format("%.1f ms", parseMs),
                String.format("%.2f us/expression", parseMs * 1000 / count));
        result("next-fire " + count + " expressions", String.format("%.1f ms", nextMs),
                String.format("%.2f us/expression", nextMs * 1000 / count));
    }

    interface Run {
        long run() throws Throwable;
    }

    /** Warm-up run, then the best of RUNS, in milliseconds. */
    static double best(Run run) throws Throwable {
        long sink = run.run();
        double best = Double.MAX_VALUE;
        for (int r = 0; r < RUNS; r++) {
            long began = System.nanoTime();
            sink += run.run();
            best = Math.min(best, (System.nanoTime() - began) / 1e6);
        }
        if (sink == Long.MIN_VALUE) System.out.println(sink);
        return best;
    }

    static String[] generate(int count, MethodHandle preset, MethodHandle presetSchedule) throws Throwable {
        Random random = new Random(SEED);
        String[] names = {"hourly", "daily", "weekly", "monthly"};
        String[] texts = new String[count];
        for (int i = 0; i < count; i++) {
            if (random.nextInt(4) == 0) {
                Optional<?> p = (Optional<?>) preset.invokeExact(names[random.nextInt(4)], random);
                texts[i] = (String) presetSchedule.invokeExact(p.orElseThrow());
            } else {
                texts[i] = String.join(" ", column(random, 0, 59, 4), column(random, 0, 23, 4),
                        column(random, 1, 31, 2), column(random, 1, 12, 2), column(random, 0, 7, 2));
            }
        }
        return texts;
    }

    /** A valid column: *, *\/s, n, a-b, a-b/s, n/s or a list of up to three items; starBias makes * likelier. */
    static String column(Random random, int min, int max, int starBias) {
        int kind = random.nextInt(6 + starBias);
        if (kind >= 6) return "*";
        if (kind == 0) return "*/" + (1 + random.nextInt(max));
        if (kind < 5) return item(random, min, max, kind);
        List<String> items = new ArrayList<>();
        for (int n = 1 + random.nextInt(3); n > 0; n--) {
            items.add(item(random, min, max, n == 1 ? 1 + random.nextInt(4) : 1 + random.nextInt(2)));
        }
        return String.join(",", items);
    }

    static String item(Random random, int min, int max, int kind) {
        int low = min + random.nextInt(max - min + 1);
        int high = low + random.nextInt(max - low + 1);
        int step = 1 + random.nextInt(max - min + 1);
        switch (kind) {
            case 1: return Integer.toString(low);
            case 2: return low + "-" + high;
            case 3: return low + "-" + high + "/" + step;
            default: return low + "/" + step;
        }
    }

    static void result(String metric, String value, String note) {
        System.out.println("RESULT\tCron\t" + metric + "\t" + value + "\t" + note);
    }
}
