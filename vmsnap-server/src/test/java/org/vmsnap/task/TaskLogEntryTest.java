package org.vmsnap.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaskLogEntryTest {

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource({
        "Create snapshot, 1",
        "Add node, 1",
        "Deploy server, 1",
        "Define snapshot, 1",
        "Create, 1",
        "Delete snapshot, 2",
        "Remove user, 2",
        "Destroy server, 2",
        "Update snapshot definition, 3",
        "Rollback snapshot, 3",
        "Restore snapshot, 3",
        "Synchronize snapshots, 3",
        "Start server, 0",
        "create snapshot, 0",
        "Created snapshot, 0",
        "'', 0",
        "' Create snapshot', 0"
    })
    void flagFromTheFirstWord(String msg, int flag) {
        assertThat(TaskLogEntry.flagOf(msg)).isEqualTo(flag);
    }

    @Test
    void requiredFieldsAreChecked() {
        Instant now = Instant.parse("2024-01-01T00:00:00Z");
        assertThatThrownBy(() ->
                        new TaskLogEntry(1, now, "t", TaskState.SUCCESS, 1, "u", 1, 1, null, "", "vm", "n", "a", 0))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("msg");
        assertThatThrownBy(() ->
                        new TaskLogEntry(1, null, "t", TaskState.SUCCESS, 1, "u", 1, 1, "m", "", "vm", "n", "a", 0))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("time");
    }
}
