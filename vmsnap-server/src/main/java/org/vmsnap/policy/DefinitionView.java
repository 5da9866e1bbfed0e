package org.vmsnap.policy;

/**
 * A definition with what front doors show beside it.
 *
 * @param snapshots number of snapshots it made that still exist
 */
public record DefinitionView(SnapshotDefinition definition, String hostname, String vmUuid, long snapshots) {}
