package org.vmsnap.storage.qcow2.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Base of the tests that build real images with qemu-img and qemu-io in a temporary directory. */
abstract class QemuImageTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void qemuInstalled() {
        // A missing qemu fails the suite rather than skipping it: ./vmsnap test installs qemu-utils.
        assertThat(QemuTool.available()).as("qemu-img and qemu-io installed").isTrue();
    }
}
