/**
 * Read-only, pure-Java reader of qcow2 metadata (header, refcounts, L1/L2 tables, snapshot table) that computes
 * per-snapshot space usage without running qemu. Entry point:
 * {@link org.vmsnap.storage.qcow2.metadata.Qcow2MetadataReader}.
 */
package org.vmsnap.storage.qcow2.metadata;
