package org.vmsnap.task;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Pattern;
import org.vmsnap.shared.TimeOrderedIds;

/**
 * Danube's task ids: {@code <user><tt><owner><tg><dc>-xxxxxxxx-xxxx-xxxx-xxxx}. Synchronous responses get "dummy"
 * ids whose first hex group is {@code md5(str(user_id))[-8:]}, the same for every dummy id of a user.
 */
public final class TaskIds {
    private static final Pattern VALID =
            Pattern.compile("(\\d+)([deamif])(\\d+)([du])(\\d+)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}");

    private TaskIds() {}

    /** Id of a real task; {@code automatic} selects type {@code a} (scheduler) over {@code e} (user action). */
    public static String real(long userId, boolean automatic, long ownerId, long dcId) {
        return prefix(userId, automatic ? 'a' : 'e', ownerId, dcId)
                + grouped(TimeOrderedIds.hex(20)); // time first: new rows go to the end of the task index
    }

    /** Id of a synchronous ("dummy") response. */
    public static String dummy(long userId, long ownerId, long dcId) {
        String random = UUID.randomUUID().toString().substring(8);
        return prefix(userId, 'd', ownerId, dcId) + suffix(md5Tail(userId) + random);
    }

    /** Whether {@code id} has the shape of a task id. */
    public static boolean valid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    /** Whether {@code id} is a dummy id (type {@code d}, or the user's md5 group). */
    public static boolean dummy(String id) {
        var m = VALID.matcher(id);
        if (!m.matches()) {
            return false;
        }
        return m.group(2).equals("d") || id.split("-")[1].equals(md5Tail(Long.parseLong(m.group(1))));
    }

    /** The creator and owner user ids named in a task id's prefix; empty for a malformed id. */
    public static java.util.Optional<long[]> users(String id) {
        var m = VALID.matcher(id);
        if (!m.matches()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(3))});
    }

    /** Whether {@code id} belongs to an automatic (scheduler) task. */
    public static boolean automatic(String id) {
        var m = VALID.matcher(id);
        return m.matches() && m.group(2).equals("a");
    }

    private static String prefix(long userId, char type, long ownerId, long dcId) {
        return Long.toString(userId) + type + ownerId + 'd' + dcId + '-';
    }

    /** 20 hex digits as {@code 8-4-4-4}. */
    private static String grouped(String hex) {
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-" + hex.substring(16);
    }

    private static String suffix(String uuid) {
        return uuid.substring(0, uuid.length() - 13);
    }

    private static String md5Tail(long userId) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5")
                    .digest(Long.toString(userId).getBytes(StandardCharsets.US_ASCII));
            String hex = HexFormat.of().formatHex(digest);
            return hex.substring(hex.length() - 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
