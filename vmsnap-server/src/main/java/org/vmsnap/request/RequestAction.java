package org.vmsnap.request;

/** What a snapshot request does. */
public enum RequestAction {
    CREATE("Create"),
    DELETE("Delete"),
    REVERT("Revert");

    private final String label;

    RequestAction(String label) {
        this.label = label;
    }

    /** The title-case name VSS shows ({@code Create}, {@code Delete}, {@code Revert}). */
    public String label() {
        return label;
    }
}
