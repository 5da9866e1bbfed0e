package org.vmsnap.health;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;
import org.vmsnap.qemu.Executables;

/** The QEMU programs the service runs: each must resolve to an executable file. */
@Component("qemu")
class QemuHealth extends AbstractHealthIndicator {
    private final Map<String, String> programs = new LinkedHashMap<>();

    QemuHealth(
            @Value("${vmsnap.qemu-img:qemu-img}") String qemuImg,
            @Value("${vmsnap.qemu-system:qemu-system-x86_64}") String qemuSystem) {
        super("QEMU tools check failed");
        programs.put("qemu-img", qemuImg);
        programs.put("qemu-system", qemuSystem);
        programs.put("qemu-nbd", "qemu-nbd");
    }

    @Override
    protected void doHealthCheck(Health.Builder health) {
        boolean all = true;
        for (Map.Entry<String, String> program : programs.entrySet()) {
            String path = Executables.resolve(program.getValue());
            boolean found = path.startsWith("/") && Files.isExecutable(Path.of(path));
            health.withDetail(program.getKey(), found ? path : "missing: " + program.getValue());
            all &= found;
        }
        if (all) {
            health.up();
        } else {
            health.down();
        }
    }
}
