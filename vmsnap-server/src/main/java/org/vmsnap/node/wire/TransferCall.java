package org.vmsnap.node.wire;

import java.util.Objects;
import org.vmsnap.storage.spi.ImageRef;
import org.vmsnap.storage.spi.NbdExport;
import org.vmsnap.storage.spi.TransferKey;

/**
 * One step of a copy between nodes, sent to the agent of the node it runs on: the source node exports a snapshot, the
 * target node reads it into its image, and the source ends the export. Each step may be delivered twice: an export
 * delivered again is ended first and started anew, a read delivered again replaces the target again with the same
 * data, an end of an export that is gone does nothing.
 *
 * @param op which step
 * @param image the source image (export) or the target image (read); null for an end
 * @param tag the snapshot exported, for an export; else null
 * @param name the export's name (made by the control plane)
 * @param key the one-time key, for an export and a read; else null
 * @param from the export to read, for a read; else null
 */
public record TransferCall(Op op, ImageRef image, String tag, String name, TransferKey key, NbdExport from) {

    /** The steps of a copy between nodes. */
    public enum Op {
        EXPORT,
        READ,
        END
    }

    public TransferCall {
        Objects.requireNonNull(op, "op");
        if (!NbdExport.validName(name)) {
            throw new IllegalArgumentException("not an export name: " + name);
        }
        boolean valid = switch (op) {
            case EXPORT -> image != null && key != null && tag != null && tag.matches("[a-z]{2}-[0-9]{1,19}");
            case READ ->
                image != null && key != null && from != null && from.name().equals(name);
            case END -> true;
        };
        if (!valid) {
            throw new IllegalArgumentException(op + " is missing what it needs");
        }
    }

    public static TransferCall export(ImageRef source, String tag, String name, TransferKey key) {
        return new TransferCall(Op.EXPORT, source, tag, name, key, null);
    }

    public static TransferCall read(NbdExport from, TransferKey key, ImageRef target) {
        return new TransferCall(Op.READ, target, null, from.name(), key, from);
    }

    public static TransferCall end(String name) {
        return new TransferCall(Op.END, null, null, name, null, null);
    }
}
