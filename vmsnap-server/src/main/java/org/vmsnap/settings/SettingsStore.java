package org.vmsnap.settings;

import static org.vmsnap.persistence.Db.nullableLong;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code dc_settings}: one row per DC, written on the first change. */
@Repository
class SettingsStore {
    private final JdbcClient jdbc;

    SettingsStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    DcSettings of(long dcId) {
        return jdbc.sql("SELECT * FROM dc_settings WHERE dc_id = ?")
                .param(dcId)
                .query((rs, n) -> new DcSettings(
                        Optional.ofNullable(nullableLong(rs, "snapshot_define_limit")),
                        Optional.ofNullable(nullableLong(rs, "snapshot_limit_auto")),
                        Optional.ofNullable(nullableLong(rs, "snapshot_dc_size_limit_mb"))))
                .optional()
                .orElse(DcSettings.NONE);
    }

    void save(long dcId, DcSettings s) {
        if (update(dcId, s)) {
            return;
        }
        // Two first writes of one DC racing: the loser's insert fails on the key and its transaction rolls back whole.
        jdbc.sql("""
                            INSERT INTO dc_settings (dc_id, snapshot_define_limit, snapshot_limit_auto,
                                                     snapshot_dc_size_limit_mb)
                            VALUES (?, ?, ?, ?)""")
                .params(
                        dcId,
                        s.snapshotDefineLimit().orElse(null),
                        s.snapshotLimitAuto().orElse(null),
                        s.snapshotDcSizeLimitMb().orElse(null))
                .update();
    }

    private boolean update(long dcId, DcSettings s) {
        return jdbc.sql("""
                                UPDATE dc_settings SET snapshot_define_limit = ?, snapshot_limit_auto = ?,
                                                       snapshot_dc_size_limit_mb = ?
                                WHERE dc_id = ?""")
                        .params(
                                s.snapshotDefineLimit().orElse(null),
                                s.snapshotLimitAuto().orElse(null),
                                s.snapshotDcSizeLimitMb().orElse(null),
                                dcId)
                        .update()
                == 1;
    }
}
