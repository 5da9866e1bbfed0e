package org.vmsnap.settings;

import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.vmsnap.access.Caller;
import org.vmsnap.shared.Rule;
import org.vmsnap.shared.RuleViolationException;
import org.vmsnap.task.LogInfo;
import org.vmsnap.task.TaskService;

/**
 * DC settings: the core reads them with {@link #of}; superadmins show and change them for the DC they work in.
 * A change logs one task-log line. Thread-safe; read from the database on every call (replicas see changes at once).
 */
@Service
public class SettingsService {
    private final SettingsStore store;
    private final TaskService tasks;

    public SettingsService(SettingsStore store, TaskService tasks) {
        this.store = store;
        this.tasks = tasks;
    }

    /** The settings of DC {@code dcId}, for the core's own checks. */
    public DcSettings of(long dcId) {
        return store.of(dcId);
    }

    /** The settings of the caller's DC; superadmins only. */
    public DcSettings get(Caller caller) {
        requireSuperAdmin(caller);
        return store.of(caller.dcId());
    }

    /** Replaces the settings of the caller's DC; superadmins only. Returns what is now stored. */
    @Transactional
    public DcSettings update(Caller caller, DcSettings settings) {
        requireSuperAdmin(caller);
        store.save(caller.dcId(), settings);
        String detail = "VMS_VM_SNAPSHOT_DEFINE_LIMIT=%s VMS_VM_SNAPSHOT_LIMIT_AUTO=%s VMS_VM_SNAPSHOT_DC_SIZE_LIMIT=%s"
                .formatted(
                        text(settings.snapshotDefineLimit()),
                        text(settings.snapshotLimitAuto()),
                        text(settings.snapshotDcSizeLimitMb()));
        tasks.logSync(
                caller,
                caller.userId(),
                new LogInfo("Update datacenter settings", detail, "dc", caller.dcName(), caller.dcName()));
        return store.of(caller.dcId());
    }

    /** Superadmins only: {@link Rule#PERMISSION_DENIED} otherwise. */
    public static void requireSuperAdmin(Caller caller) {
        if (!caller.isSuperAdmin()) {
            throw new RuleViolationException(Rule.PERMISSION_DENIED);
        }
    }

    private static String text(Optional<Long> value) {
        return value.map(String::valueOf).orElse("null");
    }
}
