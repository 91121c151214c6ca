package dev.lakeload.postgres;

import dev.lakeload.core.ConfigException;
import dev.lakeload.core.DataException;
import dev.lakeload.core.LakeloadException;
import dev.lakeload.core.RetriableException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/** Identifier quoting and error translation shared by the PostgreSQL parts. */
final class Sql {
    /** The schema holding the ledger, the rejects table and the staging tables. */
    static final String LEDGER_SCHEMA = "lakeload";

    private Sql() {
    }

    /** A double-quoted identifier; any name is safe, inner quotes are doubled. */
    static String ident(String name) {
        if (name.indexOf('\0') >= 0) {
            throw new ConfigException("identifier contains a NUL character: " + name.replace("\0", "\\0"));
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    static String qualified(String schema, String name) {
        return ident(schema) + "." + ident(name);
    }

    static String identList(List<String> names) {
        return names.stream().map(Sql::ident).collect(Collectors.joining(", "));
    }

    /** Eight hex characters identifying a text, for short unique names. */
    static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /**
     * Translates a driver error into lakeload's exceptions by SQLSTATE class: connection and fail-over errors
     * are retriable, data errors are data errors, permissions, missing databases and invalid SQL are
     * configuration errors.
     */
    static LakeloadException translate(SQLException e, String doing) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = doing + ": " + e.getMessage() + (state.isEmpty() ? "" : " (SQLSTATE " + state + ")");
        if (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P") || state.equals("40001")
                || state.equals("40P01") || state.equals("55P03")) {
            return new RetriableException(message, e);
        }
        if (state.startsWith("22") || state.startsWith("23")) {
            return new DataException(null, 0, null, message, e);
        }
        return new ConfigException(message, e);
    }
}
