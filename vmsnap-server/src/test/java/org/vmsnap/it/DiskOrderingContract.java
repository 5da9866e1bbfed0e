package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Operations on one disk queue up in submission order instead of failing on a lock; disks are independent. */
abstract class DiskOrderingContract extends IntegrationTest {

    private void awaitIdle(DanubeClient c, List<String> taskIds) {
        for (String id : taskIds) {
            DanubeClient.Answer a = c.stream("GET", "/task/" + id + "/status/", Map.of());
            for (int i = 0; i < 600 && a.status() == 201; i++) {
                a = c.get("/task/" + id + "/status/", Map.of());
            }
            assertThat(a.status()).as("task %s: %s", id, a.body()).isEqualTo(200);
        }
    }

    @Test
    void burstOnOneDiskRunsInSubmissionOrderWithoutLockErrors() {
        String vm = deployVm("admin", 16);
        Path image = image(vm, 1);
        List<String> tasks = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            DanubeClient.Answer a = admin().post("/vm/" + vm + "/snapshot/q" + i + "/", Map.of("disk_id", "1"));
            assertThat(a.status()).as(a.body()).isEqualTo(201);
            tasks.add(a.json().path("task_id").asText());
        }
        // A sync queued behind them waits too, rather than failing with "Task did not acquire lock".
        DanubeClient.Answer sync =
                admin().put("/vm/" + vm + "/snapshot/", Map.of("disk_id", "1")).expect(201);
        tasks.add(sync.json().path("task_id").asText());
        awaitIdle(admin(), tasks);

        var full = admin().get("/vm/" + vm + "/snapshot/", Map.of("full", "true", "order_by", "created"))
                .json()
                .path("result");
        List<String> tags = new ArrayList<>();
        for (var s : full) {
            assertThat(s.path("status").asInt()).isEqualTo(1);
            tags.add("vs-" + s.path("id").asLong());
        }
        assertThat(names(admin().get("/vm/" + vm + "/snapshot/", Map.of("order_by", "created"))))
                .containsExactly("q0", "q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9", "q10", "q11");
        assertThat(Qemu.tags(image))
                .as("image snapshot table in submission order")
                .containsExactlyElementsOf(tags);
        Qemu.check(image);
    }

    @Test
    void concurrentClientsOnSeveralDisksLoseNothing() throws Exception {
        List<String> vms = List.of(deployVm("admin", 16), deployVm("admin", 16), deployVm("admin", 16));
        DanubeClient c = admin();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                String vm = vms.get(t % vms.size());
                int thread = t;
                results.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < 5; i++) {
                        DanubeClient.Answer a =
                                c.stream("POST", "/vm/" + vm + "/snapshot/t" + thread + "-" + i + "/", Map.of());
                        assertThat(a.status()).as(a.body()).isEqualTo(201);
                        assertThat(a.finalStatus()).as(a.body()).isEqualTo(200);
                        ok++;
                    }
                    return ok;
                }));
            }
            int total = 0;
            for (Future<Integer> f : results) {
                total += f.get();
            }
            assertThat(total).isEqualTo(30);
        } finally {
            pool.shutdownNow();
        }
        for (String vm : vms) {
            assertThat(names(c.get("/vm/" + vm + "/snapshot/", Map.of())))
                    .hasSize(10)
                    .doesNotHaveDuplicates();
            assertThat(Qemu.tags(image(vm, 1))).hasSize(10);
            Qemu.check(image(vm, 1));
        }
    }
}
