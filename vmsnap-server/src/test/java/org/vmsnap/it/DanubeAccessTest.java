package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Login, tokens, API keys and who sees what, answered as Danube answers. */
@OnH2
class DanubeAccessTest extends IntegrationTest {

    private String detail(DanubeClient.Answer answer) {
        return answer.json().path("detail").asText();
    }

    @Test
    void loginIssuesAFortyHexTokenAndANewLoginReplacesTheOldOne() {
        DanubeClient.Answer first =
                client().post("/accounts/login/", Map.of("username", "admin", "password", ADMIN_PASSWORD));
        first.expect(200);
        String token = first.json().path("token").asText();
        assertThat(token).matches("[0-9a-f]{40}");
        assertThat(first.json().path("detail").asText()).isEqualTo("Welcome to Danube Cloud API.");
        assertThat(first.json().path("expires").asText()).endsWith("Z");

        DanubeClient second = client().login("admin", ADMIN_PASSWORD);
        assertThat(detail(client().withToken(token).get("/vm/", Map.of()).expect(403)))
                .isEqualTo("Invalid token.");
        second.get("/vm/", Map.of()).expect(200);
    }

    @Test
    void loginErrors() {
        assertThat(client().post("/accounts/login/", Map.of("password", "x"))
                        .expect(400)
                        .json()
                        .path("detail")
                        .path("username")
                        .get(0)
                        .asText())
                .isEqualTo("This field is required.");
        assertThat(detail(client().post("/accounts/login/", Map.of("username", "admin", "password", "wrong"))
                        .expect(400)))
                .isEqualTo("Unable to log in with provided credentials.");
        String name = unique("noapi");
        admin().post("/accounts/user/" + name + "/", Map.of("password", "pw")).expect(201);
        assertThat(detail(client().post("/accounts/login/", Map.of("username", name, "password", "pw"))
                        .expect(400)))
                .isEqualTo("User account is not allowed to access API.");
    }

    @Test
    void missingOrBadCredentialsAre403() {
        assertThat(detail(client().get("/vm/", Map.of()).expect(403)))
                .isEqualTo("Authentication credentials were not provided.");
        assertThat(detail(
                        client().withToken("0".repeat(40)).get("/vm/", Map.of()).expect(403)))
                .isEqualTo("Invalid token.");
        assertThat(detail(client().raw("GET", "/vm/", null, Map.of("ES-API-KEY", "nope"))
                        .expect(403)))
                .isEqualTo("Invalid API key");
    }

    @Test
    void apiKeyAuthenticates() {
        String name = unique("keyed");
        admin().post(
                        "/accounts/user/" + name + "/",
                        Map.of("password", "pw", "api_access", true, "api_key", "k-" + name))
                .expect(201);
        DanubeClient.Answer answer = client().raw("GET", "/vm/", null, Map.of("ES-API-KEY", "k-" + name))
                .expect(200);
        assertThat(answer.json().path("status").asText()).isEqualTo("SUCCESS");
    }

    @Test
    void logoutDeletesTheToken() {
        DanubeClient session = client().login("admin", ADMIN_PASSWORD);
        assertThat(detail(session.get("/accounts/logout/", Map.of()).expect(200)))
                .isEqualTo("Bye.");
        session.get("/vm/", Map.of()).expect(403);
    }

    @Test
    void aUserSeesOnlyTheirOwnVmsAndAForeignVmIsNotFound() {
        String aliceName = unique("alice");
        String bobName = unique("bob");
        DanubeClient alice = newUser(aliceName);
        DanubeClient bob = newUser(bobName);
        String alicesVm = deployVm(aliceName, 16);
        alice.stream("POST", "/vm/" + alicesVm + "/snapshot/mine/", Map.of()).expectFinal(200);

        assertThat(names(alice.get("/vm/", Map.of()))).containsExactly(alicesVm);
        assertThat(names(bob.get("/vm/", Map.of()))).doesNotContain(alicesVm);
        for (var call : new DanubeClient.Answer[] {
            bob.get("/vm/" + alicesVm + "/", Map.of()),
            bob.get("/vm/" + alicesVm + "/snapshot/", Map.of()),
            bob.get("/vm/" + alicesVm + "/snapshot/mine/", Map.of()),
            bob.post("/vm/" + alicesVm + "/snapshot/theirs/", Map.of()),
            bob.delete("/vm/" + alicesVm + "/snapshot/mine/", Map.of()),
            bob.put("/vm/" + alicesVm + "/snapshot/mine/", Map.of()),
        }) {
            call.expect(404);
            assertThat(detail(call)).isEqualTo("VM not found");
        }
        String missing =
                bob.get("/vm/no-such-vm/snapshot/", Map.of()).expect(404).body();
        assertThat(bob.get("/vm/" + alicesVm + "/snapshot/", Map.of()).body()).isEqualTo(missing);
        assertThat(names(alice.get("/vm/" + alicesVm + "/snapshot/", Map.of()))).containsExactly("mine");
    }

    @Test
    void onlyAdminsDefineVmsAndUsers() {
        DanubeClient user = newUser(unique("plain"));
        assertThat(detail(
                        user.post("/vm/" + unique("vm") + "/define/", Map.of()).expect(403)))
                .isEqualTo("Permission denied");
        assertThat(detail(user.post("/accounts/user/" + unique("x") + "/", Map.of("password", "p"))
                        .expect(403)))
                .isEqualTo("Permission denied");
    }

    @Test
    void tasksAreVisibleToTheirOwnersOnly() {
        String aliceName = unique("alice");
        DanubeClient alice = newUser(aliceName);
        DanubeClient bob = newUser(unique("bob"));
        String vm = deployVm(aliceName, 16);
        DanubeClient.Answer started =
                alice.post("/vm/" + vm + "/snapshot/s1/", Map.of()).expect(201);
        String taskId = started.json().path("task_id").asText();
        assertThat(started.header("es_task_id")).isEqualTo(taskId);
        assertThat(started.json().path("status").asText()).isEqualTo("PENDING");
        assertThat(started.json().path("result").isNull()).isTrue();

        DanubeClient.Answer done = alice.stream("GET", "/task/" + taskId + "/status/", Map.of());
        for (int i = 0; i < 200 && done.status() == 201; i++) {
            alice.get("/task/" + taskId + "/done/", Map.of());
            done = alice.get("/task/" + taskId + "/status/", Map.of());
        }
        done.expect(200);
        assertThat(done.json().path("status").asText()).isEqualTo("SUCCESS");
        assertThat(done.json().path("result").path("returncode").asInt()).isZero();
        assertThat(alice.get("/task/" + taskId + "/done/", Map.of())
                        .expect(200)
                        .json()
                        .path("done")
                        .asBoolean())
                .isTrue();
        assertThat(detail(bob.get("/task/" + taskId + "/status/", Map.of()).expect(403)))
                .isEqualTo("Permission denied");
        assertThat(detail(alice.get("/task/not-a-task/status/", Map.of()).expect(403)))
                .isEqualTo("Permission denied");

        String dummy = alice.get("/vm/" + vm + "/snapshot/", Map.of())
                .json()
                .path("task_id")
                .asText();
        assertThat(detail(alice.get("/task/" + dummy + "/status/", Map.of()).expect(404)))
                .isEqualTo("Task does not exist (anymore)");

        var log = alice.get("/task/log/", Map.of()).expect(200).json().path("results");
        var entries = java.util.stream.StreamSupport.stream(log.spliterator(), false)
                .filter(e -> e.path("task").asText().equals(taskId))
                .toList();
        assertThat(entries).extracting(e -> e.path("status").asText()).containsExactly("SUCCESS", "PENDING");
        assertThat(entries.get(0).path("msg").asText()).isEqualTo("Create snapshot of server's disk");
        assertThat(entries.get(0).path("detail").asText())
                .isEqualTo("snapname='s1', disk_id=1, type=2, fsfreeze=false");
        assertThat(entries.get(0).path("object_name").asText()).isEqualTo(vm);
        assertThat(entries.get(0).path("flag").asInt()).isEqualTo(1);
    }
}
