package org.vmsnap.storage.qcow2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.vmsnap.shared.StorageException;
import org.vmsnap.storage.spi.ImageCheck;

/** The JSON report of {@code qemu-img check --output=json}: counts it leaves out are 0. */
final class CheckReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CheckReport() {}

    static ImageCheck parse(String json) {
        try {
            JsonNode report = JSON.readTree(json);
            if (report == null || !report.isObject()) {
                throw new StorageException("qemu-img check gave no report", 1);
            }
            return new ImageCheck(
                    report.path("leaks").asLong(0),
                    report.path("corruptions").asLong(0),
                    report.path("leaks-fixed").asLong(0),
                    report.path("corruptions-fixed").asLong(0));
        } catch (IOException e) {
            throw new StorageException("qemu-img check gave an unreadable report: " + e.getMessage(), e);
        }
    }
}
