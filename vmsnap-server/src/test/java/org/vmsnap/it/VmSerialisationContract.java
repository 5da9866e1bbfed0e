package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Rollback, restore, create and delete sent together on one VM: every outcome must be one that some serial order
 * of the two requests gives. An accepted request never fails afterwards (before, 11 of 60 rollbacks failed after
 * reverting the disk, tripping over a create's intent row), an acknowledged create is gone only if a rollback that
 * may have come after it succeeded, the rows equal the image's snapshot table, and the disk holds the bytes of the
 * snapshot rolled back to.
 */
abstract class VmSerialisationContract extends IntegrationTest {
    private static final int ROUNDS = 10;

    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    }

    /** What a streamed call came to: refused before any task, or a task that succeeded or failed. */
    record Outcome(boolean accepted, boolean succeeded, String body) {
        boolean refused() {
            return !accepted;
        }
    }

    private Outcome call(String method, String path, Map<String, ?> body) {
        DanubeClient.Answer a = admin().stream(method, path, body);
        assertThat(a.status()).as("%s %s: %s", method, path, a.body()).isLessThan(500);
        if (a.status() != 201) {
            return new Outcome(false, false, a.body());
        }
        return new Outcome(true, a.finalStatus() == 200, a.body());
    }

    /** Runs both calls at the same instant (a barrier releases them together); their outcomes in order. */
    private List<Outcome> together(Callable<Outcome> first, Callable<Outcome> second) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        List<Future<Outcome>> futures = new ArrayList<>();
        for (Callable<Outcome> c : List.of(first, second)) {
            futures.add(pool.submit(() -> {
                start.await(30, TimeUnit.SECONDS);
                return c.call();
            }));
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<Outcome> f : futures) {
            outcomes.add(f.get(120, TimeUnit.SECONDS));
        }
        return outcomes;
    }

    private void create(String vm, String name) {
        admin().stream("POST", "/vm/" + vm + "/snapshot/" + name + "/", Map.of("disk_id", "1"))
                .expectFinal(200);
    }

    private Outcome rollback(String vm, String name) {
        return call("PUT", "/vm/" + vm + "/snapshot/" + name + "/", Map.of("disk_id", "1", "force", "true"));
    }

    /** The disk's snapshots, each settled (status ok), and exactly as many as the image's snapshot table has. */
    private List<String> settled(String vm) {
        JsonNode list = admin().get("/vm/" + vm + "/snapshot/", Map.of("full", "true", "disk_id", "1"))
                .expect(200)
                .json()
                .path("result");
        List<String> names = new ArrayList<>();
        list.forEach(s -> {
            assertThat(s.path("status").asInt()).as("settled: %s", s).isEqualTo(1);
            names.add(s.path("name").asText());
        });
        Path image = image(vm, 1);
        assertThat(Qemu.tags(image)).as("image of %s against %s", vm, names).hasSameSizeAs(names);
        Qemu.check(image);
        return names;
    }

    private static void assertNoFailureOnceAccepted(Outcome... outcomes) {
        for (Outcome o : outcomes) {
            if (o.accepted()) {
                assertThat(o.succeeded())
                        .as("accepted, then failed: %s", o.body())
                        .isTrue();
            }
        }
    }

    @Test
    void rollbackAndCreateTogether() throws Exception {
        String vm = deployVm("admin", 16);
        Path image = image(vm, 1);
        int both = 0;
        for (int r = 0; r < ROUNDS; r++) {
            Qemu.write(image, 0xaa, "0", "1M");
            create(vm, "base" + r);
            Qemu.write(image, 0xbb, "0", "1M");
            create(vm, "newer" + r);
            String made = "made" + r;
            String base = "base" + r;
            List<Outcome> o = together(
                    () -> rollback(vm, base),
                    () -> call("POST", "/vm/" + vm + "/snapshot/" + made + "/", Map.of("disk_id", "1")));
            Outcome rolled = o.get(0);
            Outcome created = o.get(1);
            assertNoFailureOnceAccepted(rolled, created);
            List<String> names = settled(vm);
            assertThat(names).contains(base);
            if (rolled.succeeded()) {
                assertThat(names).doesNotContain("newer" + r);
                assertThat(Qemu.reads(image, 0xaa, "0", "1M"))
                        .as("the disk holds the bytes of %s", base)
                        .isTrue();
            } else {
                assertThat(names).contains("newer" + r);
                assertThat(Qemu.reads(image, 0xbb, "0", "1M")).isTrue();
            }
            if (created.succeeded() && !names.contains(made)) {
                assertThat(rolled.succeeded())
                        .as("an acknowledged create is only gone after a rollback")
                        .isTrue();
            }
            if (created.refused()) {
                assertThat(names).doesNotContain(made);
            }
            both += rolled.succeeded() && created.succeeded() ? 1 : 0;
        }
        System.out.printf("rollback+create: %d of %d rounds had both accepted%n", both, ROUNDS);
    }

    @Test
    void rollbackAndDeleteTogether() throws Exception {
        String vm = deployVm("admin", 16);
        for (int r = 0; r < ROUNDS; r++) {
            String base = "base" + r;
            String newer = "newer" + r;
            create(vm, base);
            create(vm, newer);
            List<Outcome> o = together(
                    () -> rollback(vm, base),
                    () -> call("DELETE", "/vm/" + vm + "/snapshot/" + newer + "/", Map.of("disk_id", "1")));
            assertNoFailureOnceAccepted(o.get(0), o.get(1));
            List<String> names = settled(vm);
            assertThat(names).contains(base);
            if (o.get(0).succeeded() || o.get(1).succeeded()) {
                assertThat(names).doesNotContain(newer);
            } else {
                assertThat(names).contains(newer);
            }
        }
    }

    @Test
    void restoreAndCreateOnTheTargetTogether() throws Exception {
        String source = deployVm("admin", 16);
        String target = deployVm("admin", 16);
        Path sourceImage = image(source, 1);
        Path targetImage = image(target, 1);
        Qemu.write(sourceImage, 0xcc, "0", "1M");
        create(source, "golden");
        for (int r = 0; r < ROUNDS; r++) {
            Qemu.write(targetImage, 0xdd, "0", "1M");
            String made = "made" + r;
            List<Outcome> o = together(
                    () -> call(
                            "PUT",
                            "/vm/" + source + "/snapshot/golden/",
                            Map.of(
                                    "disk_id", "1",
                                    "target_hostname_or_uuid", target,
                                    "target_disk_id", "1",
                                    "force", "true")),
                    () -> call("POST", "/vm/" + target + "/snapshot/" + made + "/", Map.of("disk_id", "1")));
            Outcome restored = o.get(0);
            Outcome created = o.get(1);
            assertNoFailureOnceAccepted(restored, created);
            List<String> names = settled(target);
            if (restored.succeeded()) {
                assertThat(Qemu.reads(targetImage, 0xcc, "0", "1M")).isTrue();
            } else {
                assertThat(Qemu.reads(targetImage, 0xdd, "0", "1M")).isTrue();
            }
            if (created.succeeded() && !names.contains(made)) {
                assertThat(restored.succeeded())
                        .as("an acknowledged create is only gone after a restore")
                        .isTrue();
            }
            if (created.refused()) {
                assertThat(names).doesNotContain(made);
            }
        }
        assertThat(settled(source)).containsExactly("golden");
    }
}
