package org.vmsnap.snapshot;

/**
 * The snapshot count quotas of an account and how much of them is used.
 *
 * @param current snapshots on the account's drives
 * @param max per account
 * @param maxPerDrive per drive
 */
public record AccountSnapshotQuota(long current, long max, long maxPerDrive) {}
