package dev.lakeload.core.config;

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
 *     orders changes (a transaction's changes share it) and is not stored
 * @param operations which operations the task writes to change files ({@code CdcInsertsOnly},
 *     {@code CdcInsertsAndUpdates}); these two write no {@code Op} unless {@code IncludeOpForFullLoad} is set
 */
public record CdcOptions(boolean includeOpForFullLoad, String timestampColumn, Operations operations) {
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

    public CdcOptions {
        Objects.requireNonNull(operations, "operations");
    }

    /**
     * The staged field holding a record's {@code Op}; a reserved name that no column may take. Rows of full-load
     * files without {@code Op} have NULL there, which applies as an insert.
     */
    public static final String OP_FIELD = "_lakeload_op";
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
