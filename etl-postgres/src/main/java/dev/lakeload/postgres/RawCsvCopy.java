package dev.lakeload.postgres;

import dev.lakeload.core.config.CsvFormat;
import dev.lakeload.core.csv.CsvChunk;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Copies chunks of a CSV file's bytes as they are into a table, each by a {@code COPY ... (FORMAT csv)} of its own
 * under a savepoint, so that the server parses them and a chunk it refuses leaves no trace. The chunk's bytes stay
 * with the caller until its COPY ended. Not thread-safe; the connection is the caller's.
 */
final class RawCsvCopy {
    private final String sql;

    /** @param names the table's columns the fields of each record go to, in order */
    RawCsvCopy(String qualifiedTable, List<String> names, CsvFormat format) {
        this.sql = "COPY " + qualifiedTable + " (" + Sql.identList(names) + ") FROM STDIN (FORMAT csv, DELIMITER "
                + literal(String.valueOf(format.delimiter())) + ", QUOTE " + literal(String.valueOf(format.quote()))
                + ", NULL " + literal(format.nullString()) + ")";
    }

    /**
     * Copies one chunk in the connection's transaction.
     *
     * @return the rows copied, the chunk's records; -1 when the server refused a value, or wrote another number of
     *     rows (a trigger), and nothing of the chunk remains
     * @throws SQLException any other failure, with the COPY ended
     */
    long copy(Connection connection, CsvChunk chunk) throws SQLException {
        execute(connection, "SAVEPOINT lakeload_raw");
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        long copied;
        try {
            copy.writeToCopy(chunk.bytes(), 0, chunk.length());
            copied = copy.endCopy();
        } catch (SQLException e) {
            cancel(copy, e);
            if (!RejectingApply.isRejectable(e)) {
                throw e;
            }
            copied = -1;
        }
        if (copied != chunk.records()) {
            execute(connection, "ROLLBACK TO SAVEPOINT lakeload_raw");
            copied = -1;
        }
        execute(connection, "RELEASE SAVEPOINT lakeload_raw");
        return copied;
    }

    private static void cancel(CopyIn copy, SQLException failure) {
        try {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private static void execute(Connection connection, String statement) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(statement);
        }
    }

    /** An escape string literal, whatever {@code standard_conforming_strings} says. */
    private static String literal(String text) {
        return "E'" + text.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
