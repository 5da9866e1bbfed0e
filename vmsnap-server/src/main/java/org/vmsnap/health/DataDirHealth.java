package org.vmsnap.health;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * The data directory (database file, images, run directory): writable, and with free space above
 * {@code vmsnap.health.min-free}. Below the floor the service is not ready: a snapshot could fill the disk.
 */
@Component("dataDir")
class DataDirHealth extends AbstractHealthIndicator {
    private final Path dataDir;
    private final DataSize minFree;

    DataDirHealth(@Value("${vmsnap.data-dir}") Path dataDir, @Value("${vmsnap.health.min-free}") DataSize minFree) {
        super("data directory check failed");
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.minFree = minFree;
    }

    @Override
    protected void doHealthCheck(Health.Builder health) throws IOException {
        long free = Files.getFileStore(dataDir).getUsableSpace();
        health.withDetail("path", dataDir.toString()).withDetail("free", free).withDetail("minFree", minFree.toBytes());
        try {
            Files.delete(Files.createTempFile(dataDir, ".health-", ".tmp"));
        } catch (IOException e) {
            health.down().withDetail("error", "not writable: " + e.getMessage());
            return;
        }
        if (free < minFree.toBytes()) {
            health.down().withDetail("error", "free space below vmsnap.health.min-free");
            return;
        }
        health.up();
    }
}
