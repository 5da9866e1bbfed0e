package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ContextConfiguration;

/** Each pyvss snapshot method (other.md §C.6) replayed as pyvss sends it, checking what pyvss parses. */
@ContextConfiguration(initializers = TestBackends.H2.class)
class VssPyvssReplayTest extends VssTest {
    @org.springframework.beans.factory.annotation.Autowired
    private org.vmsnap.request.RequestProcessor processor;

    @Test
    void getTokenIssuesASignedJwtThatPyvssDecodes() {
        String token = new PyVss(endpoint()).getToken("admin", ADMIN_PASSWORD, null);
        String[] parts = token.split("\\.");
        assertThat(parts).hasSize(3);
        JsonNode claims = PyVss.claims(token);
        assertThat(claims.path("sub").asText()).isEqualTo("admin");
        assertThat(claims.path("otp").asBoolean(true)).as("pyvss reads otp").isFalse();
        long now = TestClock.now().getEpochSecond();
        assertThat(claims.path("iat").asLong()).isBetween(now - 60, now + 1);
        assertThat(claims.path("exp").asLong()).isGreaterThan(now + 3600);
        JsonNode header = PyVss.claims("x." + parts[0] + ".y");
        assertThat(header.path("alg").asText()).isEqualTo("HS256");

        // the email works as the login too, and an otp body is accepted
        admin().post(
                        "/accounts/user/vssmail/",
                        Map.of("password", "pw-vssmail", "api_access", "true", "email", "vssmail@example.org"))
                .expect(201);
        String byEmail = new PyVss(endpoint()).getToken("vssmail@example.org", "pw-vssmail", "123456");
        assertThat(PyVss.claims(byEmail).path("sub").asText()).isEqualTo("vssmail");
    }

    @Test
    void badCredentialsAndTokensAnswerInVssShape() {
        assertThatThrownBy(() -> new PyVss(endpoint()).getToken("admin", "wrong", null))
                .isInstanceOfSatisfying(PyVss.VssError.class, e -> {
                    assertThat(e.status).isEqualTo(401);
                    assertThat(e.error).isEqualTo("Unauthorized");
                    assertThat(e.message).isEqualTo("invalid username or password");
                });
        String good = vss().token();
        String tampered =
                good.substring(0, good.lastIndexOf('.') + 1) + "AAAA" + good.substring(good.lastIndexOf('.') + 5);
        for (String bad : List.of("", "Bearer", "Bearer abc", "Bearer " + tampered, "Token " + good)) {
            var response = vss().raw("GET", "/v2/request/snapshot", null, bad.isEmpty() ? null : bad);
            assertThat(response.statusCode()).as(bad).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type").orElseThrow())
                    .contains("json");
            JsonNode body = PyVss.processRvError(response);
            assertThat(body.path("status").asInt()).isEqualTo(401);
            assertThat(body.path("error").asText()).isEqualTo("Unauthorized");
            assertThat(body.path("message").asText()).isNotBlank();
        }
    }

    @Test
    void snapshotMethodsOnAStoppedVmWithTwoDisks() {
        String vm = deployVm("admin", 16, 8);
        String moref = moref(vm);
        Path disk1 = image(vm, 1);
        Path disk2 = image(vm, 2);
        Qemu.write(disk1, 0xaa, "0", "1M");
        Qemu.write(disk2, 0x11, "0", "1M");
        PyVss vss = vss();
        assertThat(vss.hasVmSnapshot(moref)).isFalse();
        assertThat(vss.needsConsolidation(moref)).isFalse();

        // create_vm_snapshot(vm_id, desc, date_time=now, valid=24, consolidate=True, with_memory=True)
        JsonNode submitted =
                vss.createVmSnapshot(moref, "before upgrading very important module", null, 24, true, true);
        assertThat(submitted.path("name").asText()).isEqualTo("Accepted");
        assertThat(submitted.path("message").asText()).isEqualTo("Request has been accepted for processing");
        assertThat(submitted.path("request").path("action").asText()).isEqualTo("Create");
        long id = requestId(submitted);
        assertThat(submitted.path("_links").path("request").asText())
                .isEqualTo(endpoint() + "/v2/request/snapshot/" + id);

        JsonNode request = awaitStatus(vss, id, "SCHEDULED", "ERROR");
        assertThat(request.path("status").asText()).as(request.toString()).isEqualTo("SCHEDULED");
        assertThat(request.path("vm_moref").asText()).isEqualTo(moref);
        assertThat(request.path("vm_name").asText()).isEqualTo(vm);
        assertThat(request.path("user").path("username").asText()).isEqualTo("admin");
        assertThat(request.path("valid_for").asInt()).isEqualTo(24);
        assertThat(request.path("extensions").asInt()).isZero();
        assertThat(request.path("message").path("errors")).isEmpty();
        assertThat(request.path("message").path("warnings").get(0).asText())
                .startsWith("Snapshot created SR-" + id + " (2 disks): before upgrading very important module")
                .contains("Snapshot DELETE has been SCHEDULED for");
        assertThat(Qemu.tags(disk1)).hasSize(1);
        assertThat(Qemu.tags(disk2)).hasSize(1);

        // get_vm_snapshots / get_vm_snapshot / has_vm_snapshot
        JsonNode list = vss.getVmSnapshots(moref);
        assertThat(list).hasSize(1);
        JsonNode snap = list.get(0);
        assertThat(snap.path("name").asText()).isEqualTo("SR-" + id);
        assertThat(snap.path("description").asText()).isEqualTo("before upgrading very important module");
        assertThat(snap.path("disks").asInt()).isEqualTo(2);
        assertThat(request.path("snap_id").asLong()).isEqualTo(snap.path("id").asLong());
        long snapId = snap.path("id").asLong();
        JsonNode one = vss.getVmSnapshot(moref, snapId);
        assertThat(one.path("name").asText()).isEqualTo("SR-" + id);
        assertThat(one.path("age").asText()).matches("\\d+:\\d\\d:\\d\\d");
        assertThat(one.has("create_time") && one.has("size_gb") && one.has("power_state") && one.has("quiesced"))
                .isTrue();
        assertThat(vss.hasVmSnapshot(moref)).isTrue();

        // revert_vm_snapshot: immediate, every disk back to the snapshot, the snapshot kept
        Qemu.write(disk1, 0xbb, "0", "1M");
        Qemu.write(disk2, 0x22, "0", "1M");
        JsonNode revert = vss.revertVmSnapshot(moref, snapId);
        assertThat(revert.path("request").path("action").asText()).isEqualTo("Revert");
        JsonNode reverted = awaitStatus(vss, requestId(revert), "PROCESSED", "ERROR");
        assertThat(reverted.path("status").asText()).as(reverted.toString()).isEqualTo("PROCESSED");
        assertThat(Qemu.reads(disk1, 0xaa, "0", "1M")).as("disk 1 reverted").isTrue();
        assertThat(Qemu.reads(disk2, 0x11, "0", "1M")).as("disk 2 reverted").isTrue();
        assertThat(vss.getVmSnapshots(moref)).hasSize(1);

        // consolidate_vm_disks: a change request, done at once; nothing to do on qcow2
        JsonNode consolidation = vss.consolidateVmDisks(moref, Map.of());
        assertThat(consolidation.path("status").asInt()).isEqualTo(202);
        assertThat(consolidation.path("name").asText()).isEqualTo("Accepted");
        long changeId = consolidation.path("request").path("id").asLong();
        assertThat(consolidation.path("_links").path("request").asText())
                .isEqualTo(endpoint() + "/v2/request/change/" + changeId);
        assertThat(consolidation.path("request").path("status").asText()).isEqualTo("PROCESSED");
        JsonNode change = vss.getChangeRequest(changeId);
        assertThat(change.path("status").asText()).isEqualTo("PROCESSED");
        assertThat(change.path("attribute").asText()).isEqualTo("consolidate");
        assertThat(change.path("vm_moref").asText()).isEqualTo(moref);
        assertThat(change.path("scheduled").asBoolean()).isFalse();
        assertThat(change.path("message").path("warnings").get(0).asText()).contains("nothing to consolidate");
        assertThat(change.path("message").path("errors")).isEmpty();
        assertThat(vss.needsConsolidation(moref)).isFalse();

        // delete_vm_snapshot
        JsonNode delete = vss.deleteVmSnapshot(moref, snapId);
        assertThat(delete.path("request").path("action").asText()).isEqualTo("Delete");
        JsonNode deleted = awaitStatus(vss, requestId(delete), "PROCESSED", "ERROR");
        assertThat(deleted.path("status").asText()).as(deleted.toString()).isEqualTo("PROCESSED");
        assertThat(vss.getVmSnapshots(moref)).isEmpty();
        assertThat(vss.hasVmSnapshot(moref)).isFalse();
        assertThat(Qemu.tags(disk1)).isEmpty();
        assertThat(Qemu.tags(disk2)).isEmpty();
        Qemu.check(disk1);

        // the VM's uuid works as well as its moref (older pyvss)
        String uuid = vss.request("GET", "/v2/vm/" + moref, null)
                .path("data")
                .path("uuid")
                .asText();
        assertThat(vss.getVmSnapshots(uuid)).isEmpty();
    }

    @Test
    void getSnapshotRequestsFollowsNextUrlAndListsFilterAndSort() {
        newUser("vsslister");
        String vm = deployVm("vsslister", 8);
        PyVss vss = vssAs("vsslister");
        String moref = moref(vm);
        String future = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
                .withZone(java.time.ZoneOffset.UTC)
                .format(TestClock.now().plusSeconds(3 * 86400));
        List<Long> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(requestId(vss.createVmSnapshot(moref, "later " + i, future, 1 + i, true, false)));
        }
        List<JsonNode> firstPage = vss.getSnapshotRequests(false, Map.of("per_page", "2"));
        assertThat(firstPage).hasSize(2);
        List<JsonNode> all = vss.getSnapshotRequests(true, Map.of("per_page", "2", "sort", "id,desc", "groups", "1"));
        assertThat(all.stream().map(r -> r.path("id").asLong()).toList()).isEqualTo(reversed(ids));
        assertThat(all).allSatisfy(r -> assertThat(r.path("status").asText()).isEqualTo("SUBMITTED"));
        List<JsonNode> longOnes = vss.getSnapshotRequests(true, Map.of("filter", "valid_for,ge,4"));
        assertThat(longOnes.stream().map(r -> r.path("id").asLong()).toList()).isEqualTo(ids.subList(3, 5));
        List<JsonNode> liked = vss.getSnapshotRequests(true, Map.of("filter", "description,like,%er 2"));
        assertThat(liked.stream().map(r -> r.path("id").asLong()).toList()).containsExactly(ids.get(2));

        // without expand: URLs; meta.pages complete
        JsonNode page = vss.request("GET", "/v2/request/snapshot?per_page=2&page=3", null);
        assertThat(page.path("data")).hasSize(1);
        assertThat(page.path("data").get(0).asText()).isEqualTo(endpoint() + "/v2/request/snapshot/" + ids.get(4));
        JsonNode pages = page.path("meta").path("pages");
        assertThat(pages.path("page").asInt()).isEqualTo(3);
        assertThat(pages.path("pages").asInt()).isEqualTo(3);
        assertThat(pages.path("total").asInt()).isEqualTo(5);
        assertThat(pages.path("per_page").asInt()).isEqualTo(2);
        assertThat(pages.get("next_url").isNull()).isTrue();
        assertThat(pages.path("prev_url").asText()).contains("page=2");
        assertThat(page.path("meta").path("user").asText()).isEqualTo("vsslister");
        assertThat(page.path("_links").path("self").asText()).startsWith(endpoint() + "/v2/request/snapshot");

        // another user sees none of them; a foreign VM answers like a missing one
        newUser("vssother");
        PyVss other = vssAs("vssother");
        assertThat(other.getSnapshotRequests(true, Map.of())).isEmpty();
        PyVss.VssError foreign = catchVss(() -> other.getVmSnapshots(moref));
        PyVss.VssError missing = catchVss(() -> other.getVmSnapshots("vm-999999"));
        assertThat(foreign.status).isEqualTo(404);
        assertThat(foreign.getMessage()).isEqualTo(missing.getMessage());
        assertThat(catchVss(() -> other.getSnapshotRequest(ids.get(0))).status).isEqualTo(404);
    }

    /**
     * consolidate_vm_disks with a schedule: SCHEDULED until a tick at or after it; listed under /v2/request/change
     * with VSS paging, counted under /v2/request; other users see none of it; a foreign VM answers like a missing one.
     */
    @Test
    void consolidationIsAChangeRequestDoneAtItsSchedule() {
        newUser("vsschanger");
        String vm = deployVm("vsschanger", 8);
        PyVss vss = vssAs("vsschanger");
        String moref = moref(vm);
        Instant at = TestClock.now().plusSeconds(2 * 86400);
        String schedule = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
                .withZone(java.time.ZoneOffset.UTC)
                .format(at);
        JsonNode later = vss.consolidateVmDisks(moref, Map.of("schedule", schedule));
        long id = later.path("request").path("id").asLong();
        assertThat(later.path("request").path("status").asText()).isEqualTo("SCHEDULED");
        JsonNode change = vss.getChangeRequest(id);
        assertThat(change.path("scheduled").asBoolean()).isTrue();
        assertThat(change.path("scheduled_datetime").asText()).startsWith(schedule);
        assertThat(change.path("user").path("username").asText()).isEqualTo("vsschanger");
        long now = requestId(vss.consolidateVmDisks(moref, Map.of("schedule", "2000-01-01 00:00")));
        assertThat(vss.getChangeRequest(now).path("status").asText())
                .as("a past schedule runs at once")
                .isEqualTo("PROCESSED");

        processor.tick(at.minusSeconds(120));
        assertThat(vss.getChangeRequest(id).path("status").asText()).isEqualTo("SCHEDULED");
        processor.tick(at.plusSeconds(1));
        JsonNode done = vss.getChangeRequest(id);
        assertThat(done.path("status").asText()).isEqualTo("PROCESSED");
        assertThat(done.path("message").path("warnings").get(0).asText()).contains("nothing to consolidate");

        // the list: pyvss paging, filter, sort; /v2/request counts per type
        assertThat(vss.getChangeRequests(true, Map.of("per_page", "1", "sort", "id,desc")).stream()
                        .map(r -> r.path("id").asLong())
                        .toList())
                .containsExactly(now, id);
        assertThat(vss.getChangeRequests(true, Map.of("filter", "scheduled_datetime,like," + schedule + "%")))
                .singleElement()
                .satisfies(r -> assertThat(r.path("id").asLong()).isEqualTo(id));
        JsonNode page = vss.request("GET", "/v2/request/change?per_page=1", null);
        assertThat(page.path("data").get(0).asText()).isEqualTo(endpoint() + "/v2/request/change/" + id);
        assertThat(page.path("meta").path("pages").path("total").asInt()).isEqualTo(2);
        assertThat(page.path("meta").path("pages").path("next_url").asText()).contains("page=2");
        JsonNode counts = vss.request("GET", "/v2/request", null);
        assertThat(counts.path("data").path("change").asInt()).isEqualTo(2);
        assertThat(counts.path("data").path("snapshot").asInt()).isZero();
        assertThat(counts.path("_links").path("change").asText()).isEqualTo(endpoint() + "/v2/request/change");

        newUser("vssnosy");
        PyVss other = vssAs("vssnosy");
        assertThat(other.getChangeRequests(true, Map.of())).isEmpty();
        assertThat(catchVss(() -> other.getChangeRequest(id)).message).isEqualTo("Change request not found");
        PyVss.VssError foreign = catchVss(() -> other.consolidateVmDisks(moref, Map.of()));
        PyVss.VssError missing = catchVss(() -> other.consolidateVmDisks("vm-999999", Map.of()));
        assertThat(foreign.status).isEqualTo(404);
        assertThat(foreign.getMessage()).isEqualTo(missing.getMessage());
        assertThat(other.request("GET", "/v2/request", null)
                        .path("data")
                        .path("change")
                        .asInt())
                .isZero();
    }

    private static List<Long> reversed(List<Long> ids) {
        List<Long> copy = new java.util.ArrayList<>(ids);
        java.util.Collections.reverse(copy);
        return copy;
    }

    static PyVss.VssError catchVss(Runnable call) {
        try {
            call.run();
        } catch (PyVss.VssError e) {
            return e;
        }
        throw new AssertionError("expected a VssError");
    }
}
