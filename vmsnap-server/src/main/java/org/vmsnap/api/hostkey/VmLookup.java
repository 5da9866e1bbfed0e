package org.vmsnap.api.hostkey;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import org.vmsnap.access.Caller;
import org.vmsnap.inventory.InventoryService;
import org.vmsnap.inventory.Vm;
import org.vmsnap.shared.NotFoundException;
import org.vmsnap.shared.ObjectKind;
import org.vmsnap.snapshot.RotationSettings;
import org.vmsnap.snapshot.Snapshot;
import org.vmsnap.snapshot.SnapshotQuery;
import org.vmsnap.snapshot.SnapshotService;
import org.vmsnap.snapshot.SnapshotView;

/** {@code vm.php}'s parameters: the VM by {@code id}, snapshots by {@code name} or {@code openstack_id}, values. */
@Component
class VmLookup {
    static final Set<String> ACTIONS = Set.of(
            "create_snapshot",
            "get_snapshot",
            "remove_snapshot",
            "restore_snapshot",
            "update_restore_settings",
            "load_stats");

    private static final Pattern ID = Pattern.compile("[0-9]{1,18}");
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.-]{1," + RotationSettings.MAX_NAME + "}");
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final SnapshotQuery OLDEST_FIRST = new SnapshotQuery(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            List.of(new SnapshotQuery.Sort(SnapshotQuery.Field.CREATED, false)));

    private final InventoryService inventory;
    private final SnapshotService snapshots;

    VmLookup(InventoryService inventory, SnapshotService snapshots) {
        this.inventory = inventory;
        this.snapshots = snapshots;
    }

    /** The VM named by {@code id}; another user's VM answers as a missing one. */
    Vm vm(Caller caller, HostkeyParams p) {
        String id = p.required("id").strip();
        if (!ID.matcher(id).matches()) {
            throw HostkeyError.invalid("id");
        }
        return inventory.vm(caller, Long.parseLong(id));
    }

    /** The snapshots of the VM's system disk, oldest first (none while the VM is not deployed). */
    List<SnapshotView> snapshots(Caller caller, Vm vm) {
        return snapshots.list(caller, vm.hostname(), OLDEST_FIRST).stream()
                .filter(s -> s.diskPosition() == 1)
                .toList();
    }

    /** The snapshot named by {@code name}, by {@code openstack_id}, or by both (they must agree). */
    SnapshotView snapshot(Caller caller, Vm vm, HostkeyParams p) {
        Optional<String> name = p.string("name").map(String::strip).filter(n -> !n.isEmpty());
        Optional<String> uuid = p.string("openstack_id").map(String::strip).filter(n -> !n.isEmpty());
        if (name.isEmpty() && uuid.isEmpty()) {
            throw HostkeyError.required("name");
        }
        name.ifPresent(VmLookup::name);
        if (uuid.isPresent() && !UUID.matcher(uuid.get()).matches()) {
            throw HostkeyError.invalid("openstack_id");
        }
        return snapshots(caller, vm).stream()
                .filter(s -> name.isEmpty() || s.snapshot().name().equals(name.get()))
                .filter(s -> uuid.isEmpty() || s.snapshot().uuid().equals(uuid.get()))
                .findFirst()
                .orElseThrow(() -> new NotFoundException(ObjectKind.SNAPSHOT));
    }

    static String name(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new HostkeyError("invalid snapshot name");
        }
        return name;
    }

    /** {@code type}: only {@code snapshot} (the default) exists. */
    static void type(HostkeyParams p) {
        p.string("type").map(String::strip).filter(t -> !t.isEmpty()).ifPresent(t -> {
            if (!t.equals("snapshot")) {
                throw HostkeyError.invalid("type");
            }
        });
    }

    static boolean flag(String value) {
        return switch (value.strip().toLowerCase()) {
            case "1", "true", "on", "yes" -> true;
            case "0", "false", "off", "no" -> false;
            default -> throw HostkeyError.invalid("enable_rotation");
        };
    }

    /** {@code exclude_rotation[]}: snapshot names; one empty value clears the list. */
    static List<String> excluded(List<String> values) {
        if (values.size() == 1 && values.get(0).isBlank()) {
            return List.of();
        }
        if (values.size() > RotationSettings.MAX_EXCLUDED) {
            throw HostkeyError.invalid("exclude_rotation");
        }
        for (String v : values) {
            if (!NAME.matcher(v).matches()) {
                throw HostkeyError.invalid("exclude_rotation");
            }
        }
        return values;
    }

    static Map<String, Object> render(SnapshotView view, RotationSettings settings) {
        Snapshot s = view.snapshot();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("name", s.name());
        o.put("openstack_id", s.uuid());
        o.put("type", "snapshot");
        o.put("status", status(s));
        o.put("created", HostkeyResponses.time(s.createdAt()));
        o.put("size", s.exclusiveBytes());
        o.put("rotation_excluded", settings.excluded().contains(s.name()));
        return o;
    }

    static Map<String, Object> render(RotationSettings settings) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("enable_rotation", settings.enabled() ? 1 : 0);
        o.put("exclude_rotation", settings.excluded());
        o.put("max_snapshots", settings.maxSnapshots());
        o.put("auto_restore", null);
        return o;
    }

    private static String status(Snapshot s) {
        return switch (s.status()) {
            case PENDING -> "creating";
            case OK -> "active";
            case ROLLBACK -> "restoring";
            case DELETING -> "deleting";
            case LOST -> "lost";
            case ERROR -> "error";
        };
    }
}
