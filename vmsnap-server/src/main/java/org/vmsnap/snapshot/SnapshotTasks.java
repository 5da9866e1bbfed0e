package org.vmsnap.snapshot;

import java.util.List;
import java.util.Map;
import org.vmsnap.access.Caller;
import org.vmsnap.inventory.Disk;
import org.vmsnap.inventory.Vm;
import org.vmsnap.task.LogInfo;
import org.vmsnap.task.TaskKind;
import org.vmsnap.task.TaskRequest;

/** Task requests for snapshot work on a VM's disks, logged against the VM. */
final class SnapshotTasks {
    private SnapshotTasks() {}

    static TaskRequest request(
            TaskKind kind,
            Caller caller,
            Vm vm,
            List<Disk> disks,
            boolean automatic,
            Map<String, Object> params,
            String msg,
            String detail) {
        return new TaskRequest(
                kind,
                caller,
                vm.ownerId(),
                vm.id(),
                disks.stream().map(Disk::id).toList(),
                automatic,
                params,
                log(vm, msg, detail));
    }

    static LogInfo log(Vm vm, String msg, String detail) {
        return new LogInfo(msg, detail, "vm", vm.hostname(), vm.alias());
    }
}
