package dev.lakeload.core.config;

import dev.lakeload.core.ConfigException;
import dev.lakeload.core.source.DmsFileOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How AWS DMS wrote the change data of a {@link LoadMode#CDC} table, as the task's S3 endpoint settings say. Every
 * record of a change file starts with the operation, {@code Op} ({@code I}, {@code U} or {@code D}); with
 * {@code TimestampColumnName} set, the commit timestamp follows it; the table's fields follow those.
 *
 * @param includeOpForFullLoad DMS {@code IncludeOpForFullLoad}: full-load files ({@code LOAD*}) start with
 *     {@code Op} too. By default they do not, so they have one field fewer than change files
 * @param timestampColumn DMS {@code TimestampColumnName}, or null when not set: every record has a commit
 *     timestamp after {@code Op} (in full-load files, the first field when they have no {@code Op}). It never
 *     orders changes (a transaction's changes share it); {@code commitTimeColumn} stores it
 * @param operations which operations the task writes to change files ({@code CdcInsertsOnly},
 *     {@code CdcInsertsAndUpdates}); these two write no {@code Op} unless {@code IncludeOpForFullLoad} is set
 * @param opColumn a column of the table that keeps the last {@code Op} of each row ({@code I}, {@code U}, or
 *     {@code D} under {@code softDelete}; {@code I} for full-load rows), or null for none
 * @param commitTimeColumn a column of the table that keeps the commit timestamp of each row's last change, or null
 *     for none; needs {@code timestampColumn}, since only then do the files carry it
 * @param softDelete whether a {@code D} keeps the row, marking it deleted ({@code opColumn} becomes {@code D},
 *     {@code commitTimeColumn} the delete's time) instead of deleting it; needs {@code opColumn}
 * @param lateChangeFiles what to do with a new change file older (by the time in its name) than a change file
 *     already loaded for the table
 */
public record CdcOptions(boolean includeOpForFullLoad, String timestampColumn, Operations operations,
                         String opColumn, String commitTimeColumn, boolean softDelete,
                         LateChangeFiles lateChangeFiles) {
    /** DMS's defaults: no {@code Op} in full-load files, no timestamp column, every operation. */
    public static final CdcOptions DMS_DEFAULT = new CdcOptions(false, null, Operations.ALL);

    /** The operations a DMS task writes to change files. */
    public enum Operations {
        /** Inserts, updates and deletes, each with its {@code Op} (the default). */
        ALL,
        /** DMS {@code CdcInsertsOnly}: inserts only. */
        INSERTS_ONLY,
        /** DMS {@code CdcInsertsAndUpdates}: inserts and updates, no deletes. */
        INSERTS_AND_UPDATES
    }

    /**
     * What to do with a change file that arrives late: DMS names change files by the time they were written, so a
     * new file older than one already applied holds changes that happened before changes already in the table.
     */
    public enum LateChangeFiles {
        /**
         * The table fails, naming the late file and the newer loaded one, and nothing is loaded (the default):
         * applying older changes over newer ones can bring back old values and deleted rows.
         */
        FAIL("fail"),
        /** The late file is applied after the newer ones, with a note naming it. */
        APPLY("apply");

        private final String label;

        LateChangeFiles(String label) {
            this.label = label;
        }

        /** The name the manifest uses. */
        public String label() {
            return label;
        }
    }

    /**
     * @throws ConfigException naming the {@code cdc.} key when the options contradict each other
     */
    public CdcOptions {
        Objects.requireNonNull(operations, "operations");
        Objects.requireNonNull(lateChangeFiles, "lateChangeFiles");
        if (opColumn != null) {
            requireColumnName("cdc.opColumn", opColumn);
        }
        if (commitTimeColumn != null) {
            requireColumnName("cdc.commitTimeColumn", commitTimeColumn);
            if (timestampColumn == null) {
                throw ConfigException.forKey("cdc.commitTimeColumn", "cdc.commitTimeColumn '" + commitTimeColumn
                        + "' needs cdc.timestampColumn:"
                        + " the files carry a commit timestamp only when the DMS task sets TimestampColumnName; set "
                        + "both, or remove commitTimeColumn");
            }
            if (commitTimeColumn.equals(opColumn)) {
                throw ConfigException.forKey("cdc.commitTimeColumn", "cdc.opColumn and cdc.commitTimeColumn are "
                        + "both '" + opColumn + "': give them different names");
            }
        }
        if (softDelete && opColumn == null) {
            throw ConfigException.forKey("cdc.softDelete", "cdc.softDelete: true needs cdc.opColumn, the column "
                    + "that marks a deleted row (its Op becomes D): set opColumn, for example opColumn: dms_op, or "
                    + "remove softDelete");
        }
    }

    /** Options without the columns lakeload keeps, and late change files failing the table. */
    public CdcOptions(boolean includeOpForFullLoad, String timestampColumn, Operations operations) {
        this(includeOpForFullLoad, timestampColumn, operations, null, null, false, LateChangeFiles.FAIL);
    }

    /**
     * Refuses a kept column's name that PostgreSQL would not take, or that begins like the columns lakeload adds to
     * the rows it stages and merges ({@link #RESERVED_PREFIX}): beside them the name would be ambiguous.
     */
    private static void requireColumnName(String key, String name) {
        try {
            PostgresRules.requireIdentifier(key, name);
        } catch (ConfigException e) {
            throw ConfigException.forKey(key, e.getMessage()); // the rule is PostgreSQL's; the key is ours
        }
        if (name.startsWith(RESERVED_PREFIX)) {
            throw ConfigException.forKey(key, key + " '" + name + "' begins with " + RESERVED_PREFIX + ", which "
                    + "lakeload reserves for the columns it adds to staged rows: name the column otherwise, for "
                    + "example dms_op");
        }
    }

    /** The columns lakeload keeps in the table for change data ({@link #opColumn}, {@link #commitTimeColumn}). */
    public List<String> keptColumns() {
        List<String> kept = new ArrayList<>(2);
        if (opColumn != null) {
            kept.add(opColumn);
        }
        if (commitTimeColumn != null) {
            kept.add(commitTimeColumn);
        }
        return kept;
    }

    /**
     * The staged field holding a record's {@code Op}; a reserved name that no column may take. Rows of full-load
     * files without {@code Op} have NULL there, which applies as an insert.
     */
    public static final String OP_FIELD = "_lakeload_op";
    /** How the names of every column lakeload adds to staged rows begin ({@link #OP_FIELD}, file, line, ...). */
    public static final String RESERVED_PREFIX = "_lakeload_";
    /** The staged field holding a record's commit timestamp; a reserved name that no column may take. */
    public static final String COMMIT_TIME_FIELD = "_lakeload_commit_time";

    /**
     * The fields of a file of this table, in order.
     *
     * @param relativeKey the file's key relative to the table's prefix, which tells a full-load file
     *     ({@link DmsFileOrder#isFullLoad}) from a change file (any other name: change files are named by time)
     * @param dataFields the table's own fields ({@link TableSpec#fieldNames()})
     */
    public List<String> fieldNames(String relativeKey, List<String> dataFields) {
        List<String> fields = new ArrayList<>(dataFields.size() + 2);
        // With CdcInsertsOnly or CdcInsertsAndUpdates, DMS writes Op only when IncludeOpForFullLoad is set.
        boolean opInChanges = operations == Operations.ALL || includeOpForFullLoad;
        if (DmsFileOrder.isFullLoad(relativeKey) ? includeOpForFullLoad : opInChanges) {
            fields.add(OP_FIELD);
        }
        if (timestampColumn != null) {
            fields.add(COMMIT_TIME_FIELD);
        }
        fields.addAll(dataFields);
        return fields;
    }
}
