package org.vmsnap.task;

import java.util.List;

/**
 * A database only this process can open (an H2 file is locked by the process that opened it): there are no other
 * live replicas, so every task an earlier process left unfinished is an orphan and no disk is held elsewhere.
 */
final class SoleReplicaBackend implements ReplicaBackend {
    @Override
    public void register(long self) {}

    @Override
    public boolean alive(long other) {
        return false;
    }

    @Override
    public boolean tryTake(long self, String taskId, List<Long> disks) {
        return true;
    }

    @Override
    public void release(List<Long> disks) {}

    @Override
    public boolean healthy() {
        return true;
    }

    @Override
    public void close() {}
}
