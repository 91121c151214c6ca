package dev.lakeload.cli.manifest;

import dev.lakeload.core.ConfigException;
import dev.lakeload.core.config.ColumnSpec;
import dev.lakeload.core.config.DirectCopy;
import dev.lakeload.core.config.LoadMode;
import dev.lakeload.core.config.NulPolicy;
import dev.lakeload.core.config.RewritePolicy;
import dev.lakeload.core.config.VanishedFiles;
import java.util.List;

/**
 * One entry of {@code tables:}. Only {@code name} and {@code from} are required.
 *
 * @param name the target table
 * @param from the key prefix of its files in the source
 * @param format how its files are written
 * @param columns declared columns with PostgreSQL types
 * @param primaryKey primary key columns; {@code upsert} and {@code cdc} merge on them
 * @param mode {@code append} (default), {@code upsert}, {@code replace} or {@code cdc}
 * @param include glob patterns of files to take (all when empty)
 * @param exclude glob patterns of files to leave out
 * @param maxRejects rows that may go to {@code lakeload.rejects} before the table fails (default 0)
 * @param nulBytes {@code reject} (default), {@code strip} or {@code replace}
 * @param rewrittenFiles {@code fail} (default), {@code load} or {@code skip}; not for {@code replace}
 * @param allowEmpty whether no files at all is fine (default false)
 * @param flatten JSON flattening of a document column
 * @param transformers class names of custom {@code RowTransformer}s with a public no-argument constructor, applied
 *     after flattening
 * @param timeZone the IANA zone of values without an offset going into {@code timestamptz} columns (default UTC)
 * @param schemaEvolution {@code fail} (default), {@code addColumns} or {@code ignore}
 * @param cdc how DMS wrote the change data of a {@code mode: cdc} table
 * @param freshness how old its newest file may be (not checked by default)
 * @param vanishedFiles {@code warn} (default), {@code fail}, or for {@code replace} also {@code remove}
 * @param directCopy {@code auto} (default) or {@code never}: whether an {@code append} table is copied straight
 *     into the table (an {@code upsert} or {@code cdc} table into a typed load table merged from) when nothing
 *     needs staging
 */
public record TableConfig(String name, String from, FormatConfig format, List<ColumnSpec> columns,
                          List<String> primaryKey, LoadMode mode, List<String> include, List<String> exclude,
                          Long maxRejects, NulPolicy nulBytes, RewritePolicy rewrittenFiles, Boolean allowEmpty,
                          FlattenConfig flatten, List<String> transformers, String timeZone,
                          String schemaEvolution, CdcConfig cdc, FreshnessConfig freshness,
                          VanishedFiles vanishedFiles, DirectCopy directCopy) {
    public TableConfig {
        if (name == null || name.isBlank()) {
            throw new ConfigException("a table needs a 'name'");
        }
        if (from == null) {
            throw new ConfigException("table " + name + " needs 'from': the key prefix of its files");
        }
        format = format == null ? new FormatConfig(null, null, null, null, null, null, null, null) : format;
        columns = columns == null ? List.of() : columns;
        primaryKey = primaryKey == null ? List.of() : primaryKey;
        mode = mode == null ? LoadMode.APPEND : mode;
        if (mode == LoadMode.REPLACE && rewrittenFiles != null) {
            throw ConfigException.forKey("rewrittenFiles", "table " + name + ": rewrittenFiles does not apply to "
                    + "mode: replace, which reloads the table from all its files whenever one is added, rewritten or "
                    + "removed; remove it");
        }
        include = include == null ? List.of() : include;
        exclude = exclude == null ? List.of() : exclude;
        transformers = transformers == null ? List.of() : transformers;
    }
}
