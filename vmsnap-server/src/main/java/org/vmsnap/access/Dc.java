package org.vmsnap.access;

/** A tenant / virtual datacenter. */
public record Dc(long id, String name) {
    public static final String DEFAULT = "main";
}
