package org.vmsnap.snapshot;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for the rotation settings of VMs ({@code vm_rotation}, {@code vm_rotation_exclude}). */
@Repository
class RotationStore {
    private final JdbcClient jdbc;

    RotationStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether rotation is on; empty when the VM never had settings. */
    Optional<Boolean> enabled(long vmId) {
        return jdbc.sql("SELECT enabled FROM vm_rotation WHERE vm_id = ?")
                .param(vmId)
                .query(Boolean.class)
                .optional();
    }

    List<String> excluded(long vmId) {
        return jdbc.sql("SELECT name FROM vm_rotation_exclude WHERE vm_id = ? ORDER BY position")
                .param(vmId)
                .query(String.class)
                .list();
    }

    /** Replaces the settings; the caller holds the VM's row lock, so the insert cannot race. */
    void save(long vmId, boolean enabled, List<String> excluded) {
        if (jdbc.sql("UPDATE vm_rotation SET enabled = ? WHERE vm_id = ?")
                        .params(enabled, vmId)
                        .update()
                == 0) {
            jdbc.sql("INSERT INTO vm_rotation (vm_id, enabled) VALUES (?, ?)")
                    .params(vmId, enabled)
                    .update();
        }
        jdbc.sql("DELETE FROM vm_rotation_exclude WHERE vm_id = ?").param(vmId).update();
        for (int i = 0; i < excluded.size(); i++) {
            jdbc.sql("INSERT INTO vm_rotation_exclude (vm_id, position, name) VALUES (?, ?, ?)")
                    .params(vmId, i, excluded.get(i))
                    .update();
        }
    }
}
