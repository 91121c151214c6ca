package dev.lakeload.postgres;

import dev.lakeload.core.ConfigException;
import dev.lakeload.core.config.CdcOptions;
import dev.lakeload.core.row.Column;
import dev.lakeload.core.row.Schema;
import java.util.List;

/**
 * The shape of every staging table, the contract between the staging writer ({@link StagingTableWriter}) and the
 * promotion: first {@link #FILE} (the ordinal of the row's file in the load, as {@link
 * dev.lakeload.core.staging.StagedFile#ordinal()}), then {@link #LINE} (where the record starts in it), then one
 * text column per staged column. File and line identify a staged row, order rows as DMS wrote them, and tie a child
 * relation's rows to their parent row. The rejects table adds the columns of
 * {@link PostgresStagedLoad#REJECT_SCHEMA}.
 */
final class StagingShape {
    static final String FILE = "_lakeload_file";
    static final String LINE = "_lakeload_line";
    /** Not staged: the flag with which a merge's rows say that their key is deleted ({@link UpsertApplier}). */
    static final String DELETED = "_lakeload_deleted";
    /**
     * Change-data fields (mode cdc): staged like any field, never written to a target. Defined in etl-core, where
     * the pipeline names the fields of each file.
     */
    static final String OP = CdcOptions.OP_FIELD;
    static final String COMMIT_TIME = CdcOptions.COMMIT_TIME_FIELD;

    private StagingShape() {
    }

    /** The leading columns' definitions, for {@code CREATE TABLE}. */
    static String leadingColumns() {
        return Sql.ident(FILE) + " integer NOT NULL, " + Sql.ident(LINE) + " bigint NOT NULL";
    }

    /** The leading columns' names, in order. */
    static List<String> leadingNames() {
        return List.of(FILE, LINE);
    }

    /** The file ordinal of the row {@code alias} names, in SQL. */
    static String file(String alias) {
        return alias + "." + Sql.ident(FILE);
    }

    /** The line of the row {@code alias} names, in SQL. */
    static String line(String alias) {
        return alias + "." + Sql.ident(LINE);
    }

    /** The change-data operation ({@code I}, {@code U}, {@code D}, or NULL for a full-load row) of {@code alias}. */
    static String op(String alias) {
        return alias + "." + Sql.ident(OP);
    }

    /** Whether a staged column carries change data ({@link #OP}, {@link #COMMIT_TIME}) rather than a value. */
    static boolean isChangeData(String column) {
        return column.equals(OP) || column.equals(COMMIT_TIME);
    }

    /** The staged columns of {@code schema} that hold values for the target, in staging order. */
    static List<Column> valueColumns(Schema schema) {
        return schema.columns().stream().filter(c -> !isChangeData(c.name())).toList();
    }

    /** The order in which DMS wrote the rows {@code alias} names: by file, then line; for ORDER BY. */
    static String loadOrder(String alias) {
        return file(alias) + ", " + line(alias);
    }

    /**
     * Refuses a staged column that would take a leading column's name.
     *
     * @throws ConfigException naming the column
     */
    static void requireUnreserved(String column) {
        if (column.equals(FILE) || column.equals(LINE) || column.equals(DELETED)) {
            throw new ConfigException("column '" + column + "' has a name reserved for lakeload's staging tables ("
                    + FILE + ", " + LINE + ", " + DELETED + "), so nothing was loaded: rename it, with format.fields "
                    + "for the fields of files without a header, or with a transformer");
        }
    }
}
