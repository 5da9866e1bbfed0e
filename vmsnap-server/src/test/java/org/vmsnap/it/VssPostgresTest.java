package org.vmsnap.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ContextConfiguration;
import org.vmsnap.request.RequestProcessor;

/** The request life cycle and the signing key on a real PostgreSQL (the same SQL as on H2). */
@ContextConfiguration(initializers = TestBackends.Postgres.class)
class VssPostgresTest extends VssTest {
    @Autowired
    RequestProcessor processor;

    @Test
    void createExtendListExpireOnPostgres() {
        String vm = deployVm("admin", 8);
        String moref = moref(vm);
        long id = requestId(vss().createVmSnapshot(moref, "pg", null, 1, false, false));
        JsonNode r = awaitStatus(vss(), id, "SCHEDULED", "ERROR");
        assertThat(r.path("status").asText()).as(r.toString()).isEqualTo("SCHEDULED");
        assertThat(r.path("consolidate").asBoolean()).isFalse();
        JsonNode extended = vss().extendSnapshotRequest(id, 2);
        assertThat(extended.path("extensions").asInt()).isEqualTo(1);
        assertThat(vss().getSnapshotRequests(true, Map.of("filter", "status,eq,SCHEDULED;vm_name,eq," + vm)))
                .extracting(n -> n.path("id").asLong())
                .containsExactly(id);

        Instant to = TestClock.now().plusSeconds(3 * 3600 + 60);
        assertThat(processor.tick(to)).isGreaterThanOrEqualTo(1);
        JsonNode done = awaitStatus(vss(), id, "PROCESSED", "ERROR");
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("PROCESSED");
        assertThat(Qemu.tags(image(vm, 1))).isEmpty();
        assertThat(PyVss.claims(new PyVss(endpoint()).getToken("admin", ADMIN_PASSWORD, null))
                        .path("sub")
                        .asText())
                .isEqualTo("admin");
    }
}
