package org.vmsnap.inventory;

import java.util.Arrays;
import java.util.Optional;

/** A node's status with Danube's numbers and names ({@code Node.STATUS_DB}). */
public enum NodeStatus {
    MAINTENANCE(1, "maintenance"),
    ONLINE(2, "online"),
    UNREACHABLE(3, "unreachable");

    private final int code;
    private final String label;

    NodeStatus(int code, String label) {
        this.code = code;
        this.label = label;
    }

    public int code() {
        return code;
    }

    public String label() {
        return label;
    }

    /** The status an operator may set (online or maintenance), by Danube's number. */
    public static Optional<NodeStatus> settable(long code) {
        return Arrays.stream(values())
                .filter(s -> s != UNREACHABLE && s.code == code)
                .findFirst();
    }
}
