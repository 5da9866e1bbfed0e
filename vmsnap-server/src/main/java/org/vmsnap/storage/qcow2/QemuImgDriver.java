package org.vmsnap.storage.qcow2;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.vmsnap.qemu.QmpPool;
import org.vmsnap.shared.ImageLockedException;
import org.vmsnap.shared.StorageException;
import org.vmsnap.storage.qcow2.metadata.Qcow2FormatException;
import org.vmsnap.storage.qcow2.metadata.Qcow2MetadataReader;
import org.vmsnap.storage.qcow2.metadata.Qcow2Usage;
import org.vmsnap.storage.qcow2.metadata.SnapshotUsage;
import org.vmsnap.storage.spi.FreezeOutcome;
import org.vmsnap.storage.spi.ImageCheck;
import org.vmsnap.storage.spi.ImageInfo;
import org.vmsnap.storage.spi.ImageRef;
import org.vmsnap.storage.spi.LiveImage;
import org.vmsnap.storage.spi.NbdExport;
import org.vmsnap.storage.spi.StorageDriver;
import org.vmsnap.storage.spi.StoredSnapshot;
import org.vmsnap.storage.spi.TransferKey;

/**
 * Offline qcow2 images through {@code qemu-img}; sizes from the image's own metadata, read in-process. When a
 * {@code qemu-storage-daemon} is available, snapshots are taken and deleted through it over QMP (the same commands
 * a running VM's QEMU takes), which spares starting a process per operation.
 */
public final class QemuImgDriver implements StorageDriver, AutoCloseable {
    private static final Duration SHORT = Duration.ofSeconds(60);
    private static final Duration COPY = Duration.ofHours(2);
    /** Saving or loading a VM's memory state: the guest is paused meanwhile, so this bounds the pause too. */
    private static final Duration VM_STATE = Duration.ofMinutes(10);

    private final ProcessRunner runner;
    private final String qemuImg;
    private final StorageDaemons daemon;
    private volatile LiveSnapshots live;
    private volatile NbdTransfers transfers;

    /** A driver that runs {@code qemu-img} for everything. */
    public QemuImgDriver(ProcessRunner runner, String qemuImg) {
        this.runner = runner;
        this.qemuImg = qemuImg;
        this.daemon = null;
    }

    /**
     * A driver that takes and deletes snapshots through {@code qemu-storage-daemon} (the absolute path
     * {@code storageDaemon}; a few of them, so that different images are worked on in parallel), keeping their
     * sockets and pid files under {@code runDir}, and runs {@code qemu-img} for the rest.
     */
    public QemuImgDriver(ProcessRunner runner, String qemuImg, String storageDaemon, Path runDir) {
        this.runner = runner;
        this.qemuImg = qemuImg;
        this.daemon = new StorageDaemons(storageDaemon, runDir, SHORT, StorageDaemons.defaultSize());
    }

    /**
     * Lets the driver act on images of running VMs through their QEMU's monitor and guest agent, reached through
     * {@code pool}; {@code freezeTimeout} bounds each guest agent command.
     */
    public QemuImgDriver withLiveVms(QmpPool pool, Duration freezeTimeout) {
        this.live = new LiveSnapshots(pool, SHORT, freezeTimeout, VM_STATE);
        return this;
    }

    /**
     * Lets the driver copy snapshots between nodes over NBD with {@code qemuNbd}, keeping pid files and one-time keys
     * under {@code runDir}.
     */
    public QemuImgDriver withTransfers(String qemuNbd, Path runDir) {
        this.transfers = new NbdTransfers(runner, qemuNbd, runDir);
        return this;
    }

    private LiveSnapshots live(ImageRef image) {
        if (live == null) {
            throw new StorageException("no QMP access configured for running VMs", 1);
        }
        return live;
    }

    @Override
    public void close() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Override
    public void createImage(ImageRef image, long sizeBytes) {
        if (Files.exists(image.path())) {
            throw new StorageException("image already exists: " + image.path(), 1);
        }
        mkdirs(image.path().getParent());
        run(List.of(qemuImg, "create", "-q", "-f", "qcow2", image.path().toString(), Long.toString(sizeBytes)), SHORT);
    }

    @Override
    public void deleteImage(ImageRef image) {
        try {
            Files.deleteIfExists(image.path());
        } catch (IOException e) {
            throw new StorageException("cannot delete image " + image.path() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public ImageInfo inspect(ImageRef image) {
        if (image.live() != null) {
            return inspectRunning(image);
        }
        Qcow2Usage usage;
        try {
            usage = Qcow2MetadataReader.read(image.path());
        } catch (Qcow2FormatException e) {
            throw new StorageException("cannot read image " + image.path().getFileName() + ": " + e.getMessage(), e);
        }
        List<StoredSnapshot> snapshots = usage.snapshots().stream()
                .map(s -> new StoredSnapshot(s.name(), s.created(), exclusive(s), s.changedSinceBytes()))
                .toList();
        return new ImageInfo(usage.virtualSize(), snapshots);
    }

    /**
     * The running QEMU's snapshot list is the truth for which snapshots exist; their sizes are read from the file,
     * whose metadata QEMU writes back on every snapshot operation but may hold newer copies of in between, so they
     * are the best the file tells (or zero when it cannot be read while the VM writes).
     */
    private ImageInfo inspectRunning(ImageRef image) {
        List<LiveSnapshots.Listed> listed = live(image).list(image, image.live());
        java.util.Map<String, SnapshotUsage> sizes = new java.util.HashMap<>();
        long virtualSize = 0;
        try {
            Qcow2Usage usage = Qcow2MetadataReader.read(image.path());
            virtualSize = usage.virtualSize();
            usage.snapshots().forEach(s -> sizes.putIfAbsent(s.name(), s));
        } catch (Qcow2FormatException | StorageException e) {
            // the VM is writing: names and times from QEMU, sizes unknown until it stops
        }
        List<StoredSnapshot> snapshots = listed.stream()
                .map(l -> {
                    SnapshotUsage s = sizes.get(l.tag());
                    return new StoredSnapshot(
                            l.tag(), l.created(), s == null ? 0 : exclusive(s), s == null ? 0 : s.changedSinceBytes());
                })
                .toList();
        return new ImageInfo(virtualSize, snapshots);
    }

    /** The saved memory state lives in the snapshot's clusters alone: deleting the snapshot frees it too. */
    private static long exclusive(SnapshotUsage s) {
        return s.exclusiveBytes() + s.vmStateSize();
    }

    @Override
    public void createVmStateSnapshot(List<ImageRef> images, String tag) {
        LiveImage vm = oneRunningVm(images);
        live(images.get(0)).saveVm(images, vm, tagArg(tag));
    }

    @Override
    public void loadVmStateSnapshot(List<ImageRef> images, String tag) {
        LiveImage vm = oneRunningVm(images);
        live(images.get(0)).loadVm(images, vm, tagArg(tag));
    }

    /** A whole-VM snapshot needs every image held by the same running QEMU. */
    private static LiveImage oneRunningVm(List<ImageRef> images) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no images");
        }
        LiveImage first = images.get(0).live();
        for (ImageRef image : images) {
            if (image.live() == null) {
                throw new StorageException("the VM is not running: its memory state cannot be saved or loaded", 1);
            }
            if (!image.live().qmpSocket().equals(first.qmpSocket())) {
                throw new IllegalArgumentException("images of different VMs");
            }
        }
        return first;
    }

    @Override
    public FreezeOutcome createSnapshot(ImageRef image, String tag, boolean fsfreeze) {
        if (image.live() != null) {
            return live(image).create(image, image.live(), tagArg(tag), fsfreeze);
        }
        if (daemon != null) {
            daemon.createSnapshot(image.path(), tagArg(tag));
        } else {
            snapshot("-c", image, tag);
        }
        return FreezeOutcome.NOT_ASKED;
    }

    @Override
    public void createSnapshot(ImageRef image, String tag) {
        createSnapshot(image, tag, false);
    }

    @Override
    public void deleteSnapshot(ImageRef image, String tag) {
        if (image.live() != null) {
            live(image).delete(image, image.live(), tagArg(tag));
        } else if (daemon != null) {
            daemon.deleteSnapshot(image.path(), tagArg(tag));
        } else {
            snapshot("-d", image, tag);
        }
    }

    @Override
    public void revertToSnapshot(ImageRef image, String tag) {
        requireOffline(image);
        snapshot("-a", image, tag);
    }

    /**
     * {@code qemu-img check}; when it finds leaks only, {@code -r leaks}; when it finds errors, {@code -r all}, as
     * qemu-img's documentation has it for an image whose writer was cut off (the errors are then the interrupted
     * update's, not damage from elsewhere). What it found and fixed comes back from its JSON report.
     */
    @Override
    public ImageCheck repair(ImageRef image) {
        if (image.live() != null) {
            return ImageCheck.CLEAN;
        }
        String path = image.path().toString();
        ProcessRunner.Result check = runner.run(List.of(qemuImg, "check", "--output=json", "-f", "qcow2", path), COPY);
        if (check.exitCode() == 0) {
            return ImageCheck.CLEAN;
        }
        if (check.exitCode() != 2 && check.exitCode() != 3) {
            String output = (check.stderr() + check.stdout()).strip();
            throw failure(output.isEmpty() ? "qemu-img check failed" : output, check.exitCode());
        }
        ImageCheck found = CheckReport.parse(check.stdout());
        String mode = check.exitCode() == 3 ? "leaks" : "all";
        ProcessRunner.Result repaired =
                runner.run(List.of(qemuImg, "check", "-r", mode, "--output=json", "-f", "qcow2", path), COPY);
        ImageCheck after = CheckReport.parse(repaired.stdout());
        return new ImageCheck(found.leaks(), found.corruptions(), after.leaksFixed(), after.corruptionsFixed());
    }

    @Override
    public void discardLeftovers(ImageRef image) {
        deleteImage(new ImageRef(staging(image)));
    }

    private static Path staging(ImageRef target) {
        return target.path().resolveSibling("." + target.path().getFileName() + ".restore");
    }

    @Override
    public void copySnapshotInto(ImageRef source, String tag, ImageRef target) {
        replace(
                target,
                List.of("-f", "qcow2"),
                List.of("-l", "snapshot.name=" + tagArg(tag)),
                source.path().toString());
    }

    @Override
    public NbdExport exportSnapshot(ImageRef source, String tag, String host, String name, TransferKey key) {
        return transfers().export(source.path(), tagArg(tag), host, name, key);
    }

    @Override
    public void copyFromExport(NbdExport export, TransferKey key, ImageRef target) {
        requireOffline(target);
        NbdTransfers transfers = transfers();
        Path credentials = transfers.clientCredentials(export.name(), key);
        try {
            replace(target, transfers.sourceOptions(credentials, key), List.of(), NbdTransfers.source(export));
        } finally {
            transfers.forget(credentials);
        }
    }

    @Override
    public void endExport(String name) {
        if (transfers != null && NbdExport.validName(name)) {
            transfers.end(name);
        }
    }

    private NbdTransfers transfers() {
        if (transfers == null) {
            throw new StorageException("no copies between nodes configured", 1);
        }
        return transfers;
    }

    /**
     * Replaces the offline {@code target} with a qcow2 converted from {@code source} ({@code qemu-img convert
     * <before> -O qcow2 <after> <source>}): written beside it first, then moved over it at once.
     */
    private void replace(ImageRef target, List<String> before, List<String> after, String source) {
        requireOffline(target);
        Path staging = staging(target);
        deleteImage(new ImageRef(staging));
        try {
            List<String> argv = new java.util.ArrayList<>(List.of(qemuImg, "convert", "-q"));
            argv.addAll(before);
            argv.addAll(List.of("-O", "qcow2"));
            argv.addAll(after);
            argv.addAll(List.of(source, staging.toString()));
            run(argv, COPY);
            Files.move(staging, target.path(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StorageException("cannot replace image " + target.path() + ": " + e.getMessage(), e);
        } finally {
            deleteImage(new ImageRef(staging));
        }
    }

    private static void requireOffline(ImageRef image) {
        if (image.live() != null) {
            throw new ImageLockedException("VM is running: image is in use by QEMU");
        }
    }

    private void snapshot(String op, ImageRef image, String tag) {
        run(List.of(qemuImg, "snapshot", op, tagArg(tag), image.path().toString()), SHORT);
    }

    private static String tagArg(String tag) {
        // Tags are core-generated; refuse anything that qemu-img could read as an option or an id.
        if (!tag.matches("[a-z]{2}-[0-9]+")) {
            throw new IllegalArgumentException("not a storage tag: " + tag);
        }
        return tag;
    }

    private void run(List<String> argv, Duration timeout) {
        ProcessRunner.Result result = runner.run(argv, timeout);
        if (result.exitCode() != 0) {
            String output = (result.stderr() + result.stdout()).strip();
            throw failure(output.isEmpty() ? "qemu-img failed" : output, result.exitCode());
        }
    }

    /** A QEMU program's failure: an image a running VM holds is {@link ImageLockedException}. */
    static StorageException failure(String output, int exitCode) {
        if (output.contains("Failed to get \"write\" lock") || output.contains("Failed to get shared \"write\" lock")) {
            return new ImageLockedException("VM is running: image is in use by QEMU");
        }
        return new StorageException(output, exitCode);
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StorageException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }
}
