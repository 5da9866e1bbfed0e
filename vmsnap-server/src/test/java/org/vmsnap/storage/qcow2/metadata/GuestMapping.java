package org.vmsnap.storage.qcow2.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Per-guest-cluster mapping as reported by {@code qemu-img map}: an independent view used to check
 * {@link SnapshotUsage#changedSinceBytes()}.
 */
final class GuestMapping {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<Long, String> clusters;

    private GuestMapping(Map<Long, String> clusters) {
        this.clusters = clusters;
    }

    /**
     * The mapping of the active image, taken from a copy: qemu-img map reports holes of the host file as zeros, and
     * {@link Files#copy} does not keep holes, so both views must come from (equally dense) copies.
     */
    static GuestMapping active(Path image, long clusterSize, Path scratch) throws IOException {
        return ofCopy(image, null, clusterSize, scratch);
    }

    /** The mapping of {@code snapshot}: a copy of the image with that snapshot applied. */
    static GuestMapping ofSnapshot(Path image, String snapshot, long clusterSize, Path scratch) throws IOException {
        return ofCopy(image, snapshot, clusterSize, scratch);
    }

    private static GuestMapping ofCopy(Path image, String snapshot, long clusterSize, Path scratch) throws IOException {
        Path copy = scratch.resolve("mapped-copy.qcow2");
        Files.copy(image, copy, StandardCopyOption.REPLACE_EXISTING);
        try {
            if (snapshot != null) {
                QemuTool.snapshot(copy, "-a", snapshot);
            }
            return parse(QemuTool.map(copy), clusterSize);
        } finally {
            Files.delete(copy);
        }
    }

    /** Number of guest clusters whose mapping differs between the two views. */
    long differingClusters(GuestMapping other) {
        Set<Long> keys = new HashSet<>(clusters.keySet());
        keys.addAll(other.clusters.keySet());
        return keys.stream()
                .filter(c -> !Objects.equals(clusters.get(c), other.clusters.get(c)))
                .count();
    }

    private static GuestMapping parse(String json, long clusterSize) throws IOException {
        Map<Long, StringBuilder> pieces = new HashMap<>();
        for (JsonNode range : JSON.readTree(json)) {
            if (!range.path("present").asBoolean(true)) {
                continue;
            }
            long start = range.get("start").asLong();
            long end = start + range.get("length").asLong();
            for (long position = start; position < end; ) {
                long cluster = position / clusterSize;
                long pieceEnd = Math.min(end, (cluster + 1) * clusterSize);
                String host =
                        range.has("offset") ? Long.toString(range.get("offset").asLong() + position - start) : "-";
                pieces.computeIfAbsent(cluster, c -> new StringBuilder())
                        .append(position - cluster * clusterSize)
                        .append('+')
                        .append(pieceEnd - position)
                        .append(range.path("zero").asBoolean() ? " zero" : "")
                        .append(range.path("data").asBoolean() ? " data" : "")
                        .append(range.path("compressed").asBoolean() ? " compressed" : "")
                        .append(" @")
                        .append(host)
                        .append(';');
                position = pieceEnd;
            }
        }
        Map<Long, String> clusters = new HashMap<>();
        pieces.forEach((cluster, text) -> clusters.put(cluster, text.toString()));
        return new GuestMapping(clusters);
    }
}
