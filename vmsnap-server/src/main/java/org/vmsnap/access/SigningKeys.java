package org.vmsnap.access;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.vmsnap.shared.Rule;
import org.vmsnap.shared.RuleViolationException;

/**
 * Server-side keys for tokens the server signs itself (VSS bearer JWTs): 256 random bits per name in a key file,
 * {@code <data-dir>/keys/<name>.key}, mode 0600 in a 0700 directory, never in the database (whoever reads the
 * database files must not be able to mint tokens) and never logged. Made on first use; a key an older version kept
 * in the database moves to its file then. Replicas share the data directory, so a key is the same on every one; a
 * rotation replaces the file atomically and every replica reads the new key at its next use (the file's time is
 * looked at on each use). Thread-safe.
 */
@Service
public class SigningKeys {
    /** The key VSS bearer tokens are signed with. */
    public static final String VSS_TOKENS = "vss-jwt-hs256";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final Path dir;
    private final Map<String, Loaded> cache = new ConcurrentHashMap<>();

    private record Loaded(FileTime modified, byte[] key) {}

    public SigningKeys(JdbcClient jdbc, @Value("${vmsnap.data-dir}") Path dataDir) {
        this.jdbc = jdbc;
        this.dir = dataDir.toAbsolutePath().normalize().resolve("keys");
    }

    /** The key named {@code name} (a fixed identifier chosen by the caller, never user text). */
    public byte[] key(String name) {
        Path file = file(name);
        try {
            if (!Files.exists(file)) {
                create(file, storedInDatabase(name).orElseGet(SigningKeys::fresh));
                jdbc.sql("DELETE FROM signing_key WHERE name = ?").param(name).update();
            }
            FileTime modified = Files.getLastModifiedTime(file);
            Loaded loaded = cache.get(name);
            if (loaded == null || !loaded.modified().equals(modified)) {
                loaded = new Loaded(modified, read(file));
                cache.put(name, loaded);
            }
            return loaded.key().clone();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read signing key " + name, e);
        }
    }

    /**
     * Replaces the key with a new one (super admins only): every token signed with the old key stops working, on
     * every replica.
     */
    public void rotate(Caller caller, String name) {
        if (!caller.isSuperAdmin()) {
            throw new RuleViolationException(Rule.PERMISSION_DENIED);
        }
        key(name); // the file and its directory exist
        Path file = file(name);
        try {
            Path tmp = temp(fresh());
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            cache.remove(name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rotate signing key " + name, e);
        }
    }

    private Path file(String name) {
        if (!name.matches("[a-z0-9-]{1,32}")) {
            throw new IllegalArgumentException("not a key name: " + name);
        }
        return dir.resolve(name + ".key");
    }

    private static byte[] fresh() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }

    /** Writes a new key file unless another thread or replica made one first (a hard link never replaces). */
    private void create(Path file, byte[] key) throws IOException {
        Path tmp = temp(key);
        try {
            Files.createLink(file, tmp);
        } catch (FileAlreadyExistsException raced) {
            // theirs stands
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private Path temp(byte[] key) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path tmp = Files.createTempFile(
                dir,
                ".key-",
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, Base64.getEncoder().encodeToString(key));
        return tmp;
    }

    private static byte[] read(Path file) throws IOException {
        return Base64.getDecoder().decode(Files.readString(file).strip());
    }

    /** A key an older version kept in the database: taken over by the file (then removed there), tokens stay valid. */
    private Optional<byte[]> storedInDatabase(String name) {
        return jdbc.sql("SELECT secret FROM signing_key WHERE name = ?")
                .param(name)
                .query(String.class)
                .optional()
                .map(Base64.getDecoder()::decode);
    }
}
