package org.vmsnap.storage.qcow2;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.vmsnap.shared.StorageException;
import org.vmsnap.storage.spi.NbdExport;
import org.vmsnap.storage.spi.TransferKey;

/**
 * Copies between nodes over NBD: {@code qemu-nbd} serves one snapshot read-only, over TLS with a one-time pre-shared
 * key, to a single client, and exits when that client disconnects; the other node reads it with {@code qemu-img
 * convert}. The key lives in a directory of the run directory only this user may read, for as long as the copy.
 */
final class NbdTransfers {
    private static final Duration START = Duration.ofSeconds(30);
    private static final int PORT_ATTEMPTS = 3;

    private final ProcessRunner runner;
    private final String qemuNbd;
    private final Path runDir;

    NbdTransfers(ProcessRunner runner, String qemuNbd, Path runDir) {
        this.runner = runner;
        this.qemuNbd = qemuNbd;
        this.runDir = runDir;
    }

    /** Starts serving snapshot {@code tag} of {@code image} on {@code host}; returns once it listens. */
    NbdExport export(Path image, String tag, String host, String name, TransferKey key) {
        Path credentials = credentials("nbd-" + name, key);
        Path pidFile = runDir.resolve("nbd-" + name + ".pid");
        for (int attempt = 1; ; attempt++) {
            int port = freePort(host);
            ProcessRunner.Result result = runner.run(
                    List.of(
                            qemuNbd,
                            "--read-only",
                            "--format=qcow2",
                            "--load-snapshot=" + tag,
                            "--bind=" + host,
                            "--port=" + port,
                            "--export-name=" + name,
                            "--shared=1",
                            "--fork",
                            "--pid-file=" + pidFile,
                            "--object",
                            tlsObject("server", credentials, null),
                            "--tls-creds=tls0",
                            image.toString()),
                    START);
            if (result.exitCode() == 0) {
                return new NbdExport(host, port, name);
            }
            String output = (result.stderr() + result.stdout()).strip();
            if (attempt == PORT_ATTEMPTS || !output.contains("Address already in use")) {
                forget(credentials);
                throw QemuImgDriver.failure(output.isEmpty() ? "qemu-nbd failed" : output, result.exitCode());
            }
        }
    }

    /** The {@code qemu-img convert} options that read an export with {@code key}, kept in {@code credentials}. */
    List<String> sourceOptions(Path credentials, TransferKey key) {
        return List.of("--object", tlsObject("client", credentials, key), "--image-opts");
    }

    /** The source {@code qemu-img convert} reads with {@link #sourceOptions}: the export, over TLS. */
    static String source(NbdExport export) {
        return "driver=nbd,server.type=inet,server.host=" + export.host() + ",server.port=" + export.port() + ",export="
                + export.name() + ",tls-creds=tls0";
    }

    /** Keeps the key for reading export {@code name}; {@link #forget} it after. */
    Path clientCredentials(String name, TransferKey key) {
        return credentials("pull-" + name, key);
    }

    /** Stops export {@code name} if its {@code qemu-nbd} still runs, and removes its key. */
    void end(String name) {
        Path pidFile = runDir.resolve("nbd-" + name + ".pid");
        try {
            if (Files.exists(pidFile)) {
                long pid = Long.parseLong(Files.readString(pidFile).strip());
                ProcessHandle.of(pid)
                        .filter(p -> p.info()
                                .command()
                                .map(c -> c.endsWith("qemu-nbd"))
                                .orElse(false))
                        .ifPresent(ProcessHandle::destroy);
                Files.deleteIfExists(pidFile);
            }
        } catch (IOException | NumberFormatException e) {
            // gone already, or not ours to read: nothing to stop
        }
        forget(runDir.resolve("nbd-" + name));
    }

    /** Removes a key directory. */
    void forget(Path credentials) {
        try {
            Files.deleteIfExists(credentials.resolve("keys.psk"));
            Files.deleteIfExists(credentials);
        } catch (IOException e) {
            throw new StorageException("cannot remove " + credentials + ": " + e.getMessage(), e);
        }
    }

    private Path credentials(String dirName, TransferKey key) {
        Path dir = runDir.resolve(dirName);
        try {
            Files.createDirectories(runDir);
            Files.deleteIfExists(dir.resolve("keys.psk"));
            Files.deleteIfExists(dir);
            Files.createDirectory(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path psk = dir.resolve("keys.psk");
            Files.createFile(psk, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(psk, key.pskFileLine());
            return dir;
        } catch (IOException e) {
            throw new StorageException("cannot keep the transfer key in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** A QEMU {@code tls-creds-psk} object; the client names its identity. */
    private static String tlsObject(String endpoint, Path credentials, TransferKey key) {
        return "tls-creds-psk,id=tls0,endpoint=" + endpoint + ",dir="
                + credentials.toString().replace(",", ",,") + (key == null ? "" : ",username=" + key.identity());
    }

    private static int freePort(String host) {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new StorageException("cannot listen on " + host + ": " + e.getMessage(), e);
        }
    }
}
