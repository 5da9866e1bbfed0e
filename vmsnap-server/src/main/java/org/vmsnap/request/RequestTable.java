package org.vmsnap.request;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The base of both request stores: the reads their tables answer alike, and how message lists are stored (one line
 * per message).
 *
 * @param <T> the request type a row maps to
 */
abstract class RequestTable<T> {
    private static final String SEP = "\n";

    protected final JdbcClient jdbc;
    private final String table;
    private final RowMapper<T> row;

    /** {@code table} is one of vmsnap's own table names, never user text. */
    protected RequestTable(JdbcClient jdbc, String table, RowMapper<T> row) {
        this.jdbc = jdbc;
        this.table = table;
        this.row = row;
    }

    Optional<T> get(long id) {
        return jdbc.sql("SELECT * FROM " + table + " WHERE id = ?")
                .param(id)
                .query(row)
                .optional();
    }

    List<T> inDc(long dcId) {
        return jdbc.sql("SELECT * FROM " + table + " WHERE dc_id = ? ORDER BY id")
                .param(dcId)
                .query(row)
                .list();
    }

    List<T> withStatus(Collection<RequestStatus> statuses) {
        return jdbc.sql("SELECT * FROM " + table + " WHERE status IN (:s) ORDER BY id")
                .param("s", statuses.stream().map(Enum::name).toList())
                .query(row)
                .list();
    }

    /** Messages as stored: one per line (a message's own line breaks become spaces). */
    static String join(List<String> values) {
        return String.join(SEP, values.stream().map(v -> v.replace(SEP, " ")).toList());
    }

    static List<String> split(String value) {
        return value == null || value.isEmpty() ? List.of() : Arrays.asList(value.split(SEP));
    }
}
