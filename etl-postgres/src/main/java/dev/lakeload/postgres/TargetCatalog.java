package dev.lakeload.postgres;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the shape of target tables from the PostgreSQL catalog. */
final class TargetCatalog {
    private TargetCatalog() {
    }

    /**
     * The columns of {@code table} and of its child tables ({@code <table>__<relation>}) in {@code schema}, by table
     * name, each in table order. A table that does not exist is absent.
     */
    static Map<String, Map<String, TargetColumn>> columns(Connection connection, String schema, String table)
            throws SQLException {
        // The cast type is printed with typmod -1, not NULL: that prints bpchar and "bit", which mean any length,
        // where character and bit would mean a length of 1. A domain's cast type is its innermost base type.
        String sql = """
                SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, a.atttypid,
                       a.atttypmod, format_type(coalesce(base.type, a.atttypid), -1)
                FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace
                JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                LEFT JOIN LATERAL (
                    WITH RECURSIVE chain(type, depth) AS (
                        SELECT t.typbasetype, 1 FROM pg_type t WHERE t.oid = a.atttypid AND t.typtype = 'd'
                        UNION ALL
                        SELECT t.typbasetype, chain.depth + 1 FROM chain
                        JOIN pg_type t ON t.oid = chain.type AND t.typtype = 'd')
                    SELECT type FROM chain ORDER BY depth DESC LIMIT 1) base ON true
                WHERE n.nspname = ? AND (c.relname = ? OR (starts_with(c.relname, ?) AND c.relkind IN ('r', 'p')))
                ORDER BY c.relname, a.attnum""";
        Map<String, Map<String, TargetColumn>> tables = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, schema);
            statement.setString(2, table);
            statement.setString(3, table + "__");
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    tables.computeIfAbsent(rs.getString(1), t -> new LinkedHashMap<>()).put(rs.getString(2),
                            new TargetColumn(rs.getString(2), rs.getString(3), rs.getString(7), rs.getLong(5),
                                    rs.getInt(6), rs.getBoolean(4)));
                }
            }
        }
        return tables;
    }

    /** The canonical name of a declared type, or null when PostgreSQL knows no such type. */
    static String resolveType(Connection connection, String declared) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT to_regtype(?)::text")) {
            statement.setString(1, declared);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /**
     * The column lists of the unique indexes (primary key and unique constraints included) of {@code table} (quoted
     * for SQL) that are valid, on plain columns only and without a predicate, the primary key first: the keys a
     * reject finder can check and {@code ON CONFLICT} can name.
     */
    static List<List<String>> uniqueKeys(Connection connection, String table) throws SQLException {
        String sql = """
                SELECT array(SELECT a.attname FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, n)
                             JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                             WHERE k.n <= i.indnkeyatts ORDER BY k.n)
                FROM pg_index i
                WHERE i.indrelid = ?::regclass AND i.indisunique AND i.indisvalid AND i.indpred IS NULL
                  AND i.indexprs IS NULL
                ORDER BY i.indisprimary DESC, i.indexrelid""";
        List<List<String>> keys = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, table);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    Array names = rs.getArray(1);
                    keys.add(Arrays.asList((String[]) names.getArray()));
                }
            }
        }
        return keys;
    }
}
