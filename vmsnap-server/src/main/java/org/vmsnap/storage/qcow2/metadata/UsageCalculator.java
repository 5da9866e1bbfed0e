package org.vmsnap.storage.qcow2.metadata;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Walks the active L1 table and every snapshot's L1 table once, and every distinct L2 table once (a small cache
 * absorbs re-reads when one L2 table is compared at several places).
 *
 * <p>Ownership: layer 0 is the active image, layer k the k-th snapshot. An L2 table's owner is the single layer whose
 * L1 references it, or {@link OwnerMap#MULTIPLE}; every host cluster that table maps inherits that owner, merged with
 * the owners of every other table mapping the same cluster. A cluster whose final owner is snapshot k is freed when k
 * is deleted; qemu's refcounts follow the same rule, since creating a snapshot raises the refcount of every L2 table
 * and data cluster reachable from the copied L1.
 *
 * <p>Changes: L1 indexes are scanned in order, each visiting only the layers whose L1 reaches that far; a snapshot
 * whose L1 entry equals the active one maps that range identically and costs nothing, other tables are compared
 * entry by entry, memoized per (L2 offset, valid entries). Beyond the end of a snapshot's L1 every cluster the active
 * image allocated counts as changed, taken from a suffix sum.
 */
final class UsageCalculator {
    private static final long CACHE_BYTES = 16L << 20;

    /**
     * One L1 tree.
     *
     * @param l1 L2 table offsets as returned by {@link L1Table#read}
     * @param diskSize virtual size of this layer's disk (entries beyond it hold vm state, not guest data)
     */
    record Layer(long l1Offset, long[] l1, long diskSize) {}

    /** Per-snapshot cluster counts (index k-1 for layer k) and distinct host data clusters of the active layer. */
    record Result(long[] exclusiveClusters, long[] changedClusters, long activeDataClusters) {}

    private record MemoKey(long l2Offset, int validEntries) {}

    private final ImageFile file;
    private final Qcow2Header header;
    private final List<Layer> layers;
    private final int clusterBits;
    private final OwnerMap clusters = new OwnerMap();
    /** Owner per L2 table cluster; the mark bit means "its data clusters have been merged". */
    private final OwnerMap l2Tables = new OwnerMap();

    private final Map<Long, L2Table> cache;

    UsageCalculator(ImageFile file, Qcow2Header header, List<Layer> layers) {
        this.file = file;
        this.header = header;
        this.layers = List.copyOf(layers);
        this.clusterBits = header.clusterBits();
        int cacheEntries = (int) Math.max(2, CACHE_BYTES >>> clusterBits);
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, L2Table> eldest) {
                return size() > cacheEntries;
            }
        };
    }

    Result compute() throws Qcow2FormatException {
        int maxL1 = 0;
        for (int k = 0; k < layers.size(); k++) {
            Layer layer = layers.get(k);
            addL1Clusters(layer, k);
            for (long l2Offset : layer.l1()) {
                if (l2Offset != 0) {
                    l2Tables.merge(l2Offset >>> clusterBits, k);
                }
            }
            maxL1 = Math.max(maxL1, layer.l1().length);
        }
        int[] byL1Length = IntStream.range(1, layers.size())
                .boxed()
                .sorted(Comparator.comparingInt((Integer k) -> layers.get(k).l1().length)
                        .reversed())
                .mapToInt(Integer::intValue)
                .toArray();
        long[] changed = new long[layers.size() - 1];
        long[] activeAllocated = new long[maxL1 + 1];
        for (int i = 0; i < maxL1; i++) {
            activeAllocated[i] = scanIndex(i, byL1Length, changed);
        }
        for (int i = maxL1 - 1; i >= 0; i--) {
            activeAllocated[i] += activeAllocated[i + 1];
        }
        for (int k = 1; k < layers.size(); k++) {
            changed[k - 1] += activeAllocated[layers.get(k).l1().length];
        }
        long[] owned = clusters.countSingleOwners(layers.size());
        return new Result(Arrays.copyOfRange(owned, 1, owned.length), changed, clusters.markedCount());
    }

    private void addL1Clusters(Layer layer, int owner) {
        if (layer.l1().length == 0) {
            return;
        }
        long first = layer.l1Offset() >>> clusterBits;
        long last = (layer.l1Offset() + (long) layer.l1().length * Long.BYTES - 1) >>> clusterBits;
        for (long c = first; c <= last; c++) {
            clusters.merge(c, owner);
        }
    }

    /** Scans L1 index {@code i}; returns the number of guest clusters the active image allocates there. */
    private long scanIndex(int i, int[] byL1Length, long[] changed) throws Qcow2FormatException {
        long activeOffset = entry(0, i);
        int activeValid = validEntries(0, i);
        L2Table active = null;
        if (activeOffset != 0) {
            active = visit(activeOffset);
            markActiveData(active);
        }
        Map<MemoKey, Integer> memo = null;
        for (int k : byL1Length) {
            if (layers.get(k).l1().length <= i) {
                break;
            }
            long offset = entry(k, i);
            int valid = validEntries(k, i);
            if (offset == activeOffset && valid == activeValid) {
                continue;
            }
            if (valid == 0 && activeValid == 0) {
                if (offset != 0 && !l2Tables.isMarked(offset >>> clusterBits)) {
                    visit(offset);
                }
                continue;
            }
            if (memo == null) {
                memo = new HashMap<>();
            }
            MemoKey key = new MemoKey(offset, valid);
            Integer known = memo.get(key);
            if (known == null) {
                L2Table table = offset == 0 ? null : offset == activeOffset ? active : visit(offset);
                known = L2Table.countDifferences(table, valid, active, activeValid);
                memo.put(key, known);
            }
            changed[k - 1] += known;
        }
        return L2Table.countDifferences(null, 0, active, activeValid);
    }

    /** Reads an L2 table and, the first time it is seen, merges its owner into every host cluster it maps. */
    private L2Table visit(long offset) throws Qcow2FormatException {
        L2Table table = cache.get(offset);
        if (table == null) {
            table = L2Table.read(file, header, offset);
            cache.put(offset, table);
        }
        long tableCluster = offset >>> clusterBits;
        if (l2Tables.mark(tableCluster)) {
            int owner = l2Tables.owner(tableCluster);
            clusters.merge(tableCluster, owner);
            for (int j = 0; j < table.entries(); j++) {
                long first = table.firstHostCluster(j);
                if (first >= 0) {
                    for (long c = first, last = table.lastHostCluster(j); c <= last; c++) {
                        clusters.merge(c, owner);
                    }
                }
            }
        }
        return table;
    }

    private void markActiveData(L2Table table) {
        for (int j = 0; j < table.entries(); j++) {
            long first = table.firstHostCluster(j);
            if (first >= 0) {
                for (long c = first, last = table.lastHostCluster(j); c <= last; c++) {
                    clusters.mark(c);
                }
            }
        }
    }

    private long entry(int layer, int index) {
        long[] l1 = layers.get(layer).l1();
        return index < l1.length ? l1[index] : 0;
    }

    /** How many entries of the L2 table at L1 index {@code index} map guest clusters of the layer's disk. */
    private int validEntries(int layer, int index) {
        long l2Entries = header.l2Entries();
        long remaining = header.guestClusters(layers.get(layer).diskSize()) - index * l2Entries;
        return (int) Math.max(0, Math.min(l2Entries, remaining));
    }
}
