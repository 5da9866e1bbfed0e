package org.vmsnap.inventory;

/** A remote node's agent said hello after a silence longer than the unreachable window (or after its first one). */
public record NodeReturned(String hostname) {}
