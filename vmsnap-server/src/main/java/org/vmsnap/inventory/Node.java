package org.vmsnap.inventory;

/** A hypervisor host. */
public record Node(long id, String hostname, boolean online) {}
