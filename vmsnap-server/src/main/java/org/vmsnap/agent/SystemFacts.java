package org.vmsnap.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the node has and what is free, read from {@code /proc} (Danube's sysinfo reports the same figures). */
final class SystemFacts {
    private SystemFacts() {}

    static int cpus() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** CPUs not busy: the total less the one-minute load average, at least 0. */
    static int cpusFree() {
        try {
            String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
            return Math.max(0, (int) Math.floor(cpus() - Double.parseDouble(load)));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static long ramMb() {
        return meminfo("MemTotal:");
    }

    static long ramFreeMb() {
        return meminfo("MemAvailable:");
    }

    private static long meminfo(String key) {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/meminfo"));
            for (String line : lines) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length())
                                    .replace("kB", "")
                                    .strip())
                            / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // reported as 0 below
        }
        return 0;
    }
}
