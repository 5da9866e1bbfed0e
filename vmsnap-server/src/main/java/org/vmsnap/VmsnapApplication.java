package org.vmsnap;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.vmsnap.config.CommandLine;

/** vmsnap: snapshots of KVM/QEMU VM disks behind four vendors' snapshot APIs. */
@SpringBootApplication
public class VmsnapApplication {
    public static void main(String[] args) {
        String[] springArgs = CommandLine.toSpringArguments(args);
        if (springArgs == null) {
            System.exit(2);
        }
        SpringApplication.run(VmsnapApplication.class, springArgs);
    }
}
