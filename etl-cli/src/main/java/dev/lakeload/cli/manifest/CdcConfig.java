package dev.lakeload.cli.manifest;

import dev.lakeload.core.ConfigException;
import dev.lakeload.core.config.CdcOptions;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code cdc:} of a table in {@code mode: cdc}: how the DMS task wrote its change data, and what lakeload keeps of
 * it in the table. Every key is optional.
 *
 * @param includeOpForFullLoad DMS {@code IncludeOpForFullLoad}: full-load files start with {@code Op} too (false)
 * @param timestampColumn DMS {@code TimestampColumnName}: every record has a commit timestamp after {@code Op}
 *     (none)
 * @param operations {@code all} (default), {@code insertsOnly} (DMS {@code CdcInsertsOnly}) or
 *     {@code insertsAndUpdates} (DMS {@code CdcInsertsAndUpdates})
 * @param opColumn a column that keeps each row's last {@code Op} (none)
 * @param commitTimeColumn a column that keeps each row's last commit timestamp; needs {@code timestampColumn}
 *     (none)
 * @param softDelete whether a delete keeps the row, marked {@code D} in {@code opColumn} (false)
 * @param lateChangeFiles {@code fail} (default) or {@code apply}: a new change file older than one already loaded
 */
public record CdcConfig(Boolean includeOpForFullLoad, String timestampColumn, String operations, String opColumn,
                        String commitTimeColumn, Boolean softDelete, String lateChangeFiles) {
    private static final Map<String, CdcOptions.Operations> OPERATIONS = Map.of(
            "all", CdcOptions.Operations.ALL,
            "insertsOnly", CdcOptions.Operations.INSERTS_ONLY,
            "insertsAndUpdates", CdcOptions.Operations.INSERTS_AND_UPDATES);

    /** The options this describes, with DMS's defaults for what is not set. */
    public CdcOptions toOptions() {
        CdcOptions.Operations written = operations == null ? CdcOptions.Operations.ALL : OPERATIONS.get(operations);
        if (written == null) {
            throw ConfigException.forKey("cdc.operations", "cdc.operations: '" + operations + "' is not one of "
                    + "all, insertsOnly, insertsAndUpdates (the DMS task's CdcInsertsOnly and CdcInsertsAndUpdates "
                    + "settings)");
        }
        return new CdcOptions(includeOpForFullLoad != null && includeOpForFullLoad, timestampColumn, written,
                opColumn, commitTimeColumn, softDelete != null && softDelete, late());
    }

    private CdcOptions.LateChangeFiles late() {
        if (lateChangeFiles == null) {
            return CdcOptions.LateChangeFiles.FAIL;
        }
        return Arrays.stream(CdcOptions.LateChangeFiles.values()).filter(l -> l.label().equals(lateChangeFiles))
                .findFirst().orElseThrow(() -> ConfigException.forKey("cdc.lateChangeFiles",
                        "cdc.lateChangeFiles: '" + lateChangeFiles + "' is not one of "
                        + Arrays.stream(CdcOptions.LateChangeFiles.values()).map(CdcOptions.LateChangeFiles::label)
                        .collect(Collectors.joining(", "))));
    }
}
