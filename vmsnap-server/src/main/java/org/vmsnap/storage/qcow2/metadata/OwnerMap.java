package org.vmsnap.storage.qcow2.metadata;

import java.util.Arrays;

/**
 * Open-addressing map from a host cluster index (a non-negative long) to the single layer that references it, or to
 * {@link #MULTIPLE} once a second layer does; plus one mark bit per key. Layers are numbered 0 (active) to n.
 *
 * <p>Two primitive arrays, no boxing: about 12 bytes per distinct cluster at a load factor of at most one half.
 * Merging the same owner twice is a no-op, so walking a table more than once cannot skew the result.
 */
final class OwnerMap {
    /** Owner value once two different layers reference a key. */
    static final int MULTIPLE = (1 << 30) - 1;
    /** Returned by {@link #owner} for a key that was never merged. */
    static final int NONE = -1;

    private static final int UNSET = MULTIPLE - 1;
    private static final int OWNER_BITS = MULTIPLE;
    private static final int MARK = 1 << 30;
    private static final long EMPTY = -1;
    private static final long GOLDEN = 0x9e37_79b9_7f4a_7c15L;

    private long[] keys;
    private int[] values;
    private int shift;
    private int size;
    private long marked;

    OwnerMap() {
        allocate(10);
    }

    /** Records that layer {@code owner} (0..2^29) references {@code key}. */
    void merge(long key, int owner) {
        int slot = insert(key);
        int value = values[slot];
        int current = value & OWNER_BITS;
        if (current == UNSET) {
            values[slot] = (value & MARK) | owner;
        } else if (current != owner) {
            values[slot] = (value & MARK) | MULTIPLE;
        }
    }

    /** The single owner of {@code key}, {@link #MULTIPLE}, or {@link #NONE} if it was never merged. */
    int owner(long key) {
        int slot = find(key);
        if (slot < 0) {
            return NONE;
        }
        int current = values[slot] & OWNER_BITS;
        return current == UNSET ? NONE : current;
    }

    /** Sets the mark bit of {@code key}; returns whether it was not set before. */
    boolean mark(long key) {
        int slot = insert(key);
        if ((values[slot] & MARK) != 0) {
            return false;
        }
        values[slot] |= MARK;
        marked++;
        return true;
    }

    boolean isMarked(long key) {
        int slot = find(key);
        return slot >= 0 && (values[slot] & MARK) != 0;
    }

    long markedCount() {
        return marked;
    }

    /** For each layer {@code 0..layers-1}, the number of keys it alone references. */
    long[] countSingleOwners(int layers) {
        long[] counts = new long[layers];
        for (int slot = 0; slot < keys.length; slot++) {
            if (keys[slot] != EMPTY) {
                int owner = values[slot] & OWNER_BITS;
                if (owner < layers) {
                    counts[owner]++;
                }
            }
        }
        return counts;
    }

    private int find(long key) {
        int mask = keys.length - 1;
        for (int slot = hash(key); ; slot = (slot + 1) & mask) {
            long k = keys[slot];
            if (k == key) {
                return slot;
            }
            if (k == EMPTY) {
                return -1;
            }
        }
    }

    private int insert(long key) {
        if (key < 0) {
            throw new IllegalArgumentException("negative cluster index " + key);
        }
        if ((size + 1) * 2L > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        for (int slot = hash(key); ; slot = (slot + 1) & mask) {
            long k = keys[slot];
            if (k == key) {
                return slot;
            }
            if (k == EMPTY) {
                keys[slot] = key;
                values[slot] = UNSET;
                size++;
                return slot;
            }
        }
    }

    private int hash(long key) {
        return (int) ((key * GOLDEN) >>> shift);
    }

    private void allocate(int bits) {
        keys = new long[1 << bits];
        Arrays.fill(keys, EMPTY);
        values = new int[1 << bits];
        shift = 64 - bits;
        size = 0;
    }

    private void grow() {
        int bits = 64 - shift + 1;
        if (bits > 30) {
            throw new IllegalStateException("too many clusters for one map");
        }
        long[] oldKeys = keys;
        int[] oldValues = values;
        allocate(bits);
        int mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                int slot = hash(oldKeys[i]);
                while (keys[slot] != EMPTY) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = oldKeys[i];
                values[slot] = oldValues[i];
                size++;
            }
        }
    }
}
