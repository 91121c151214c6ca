package dev.lakeload.core.config;

import dev.lakeload.core.ConfigException;
import dev.lakeload.core.format.FileFormat;
import dev.lakeload.core.internal.Names;
import dev.lakeload.core.source.GlobFilter;
import dev.lakeload.core.transform.RowTransformer;
import dev.lakeload.core.transform.RowTransformerFactory;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Everything lakeload needs to load one table. Build it with {@link #builder(String, String)}; an invalid spec
 * cannot be built ({@link ConfigException} names what is wrong).
 *
 * @param name the target table name (unqualified; the target's schema applies)
 * @param from the key prefix of the table's files in the source
 * @param files which files under the prefix belong to the table
 * @param format how the files are written (CSV as AWS DMS writes it by default: {@link CsvFormat#DMS_DEFAULT})
 * @param columns the declared columns, with types; used to create the table when it is missing and to type
 *     transformer output
 * @param primaryKey the primary key columns (may be empty in append mode; upsert merges on them)
 * @param mode how rows reach the table
 * @param transformers the factories of the transformers applied in order to every row: each load makes its own
 *     ({@link #newTransformers()}), so the spec holds no transformer state and may load twice or in parallel
 * @param maxRejects how many rows may go to the rejects table before the table fails (0: any reject fails it)
 * @param nulPolicy what to do with NUL characters in values
 * @param rewritePolicy what to do with a loaded file that was rewritten in place
 * @param allowEmpty whether an empty prefix (no file at all) is fine; by default it fails the table, since DMS
 *     writes no folder for a table it stopped replicating
 * @param timeZone the zone in which values without an offset are read into {@code timestamptz} columns, and
 *     against which offsets given to {@code timestamp} columns are checked; an IANA zone name (default UTC, as
 *     DMS writes MySQL {@code TIMESTAMP} values in UTC)
 * @param schemaEvolution what to do with a column the files bring and the table lacks
 * @param cdc how DMS wrote the change data of a {@link LoadMode#CDC} table; {@link CdcOptions#DMS_DEFAULT} for
 *     other modes
 * @param freshness how old its newest file may be; null when its age is not checked
 * @param vanishedFiles what to do when files it loaded are no longer listed
 * @param directCopy whether an {@code append}, {@code upsert} or {@code cdc} load may copy its rows without
 *     staging ({@link DirectCopy#AUTO} by default)
 */
public record TableSpec(String name, String from, GlobFilter files, FileFormat format, List<ColumnSpec> columns,
                        List<String> primaryKey, LoadMode mode, List<RowTransformerFactory> transformers, long maxRejects,
                        NulPolicy nulPolicy, RewritePolicy rewritePolicy, boolean allowEmpty, ZoneId timeZone,
                        SchemaEvolution schemaEvolution,
                        CdcOptions cdc, Freshness freshness, VanishedFiles vanishedFiles,
                        DirectCopy directCopy) {
    /** The default {@link #timeZone()}. */
    public static final ZoneId UTC = ZoneId.of("UTC");

    public TableSpec {
        if (name == null || name.isBlank()) {
            throw new ConfigException("a table needs a name");
        }
        PostgresRules.requireIdentifier("table name", name);
        checkPrefix(name, from);
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(nulPolicy, "nulPolicy");
        Objects.requireNonNull(rewritePolicy, "rewritePolicy");
        Objects.requireNonNull(timeZone, "timeZone");
        Objects.requireNonNull(schemaEvolution, "schemaEvolution");
        // Only region names: PostgreSQL reads POSIX-style names such as UTC+2 with the opposite sign.
        if (!ZoneId.getAvailableZoneIds().contains(timeZone.getId())) {
            throw ConfigException.forKey("timeZone", "table " + name + ": " + unknownZone(timeZone.getId()));
        }
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        transformers = List.copyOf(transformers);
        if (maxRejects < 0) {
            throw ConfigException.forKey("maxRejects", "table " + name + ": maxRejects cannot be negative");
        }
        Objects.requireNonNull(cdc, "cdc");
        Objects.requireNonNull(vanishedFiles, "vanishedFiles");
        Objects.requireNonNull(directCopy, "directCopy");
        if (vanishedFiles == VanishedFiles.REMOVE && mode != LoadMode.REPLACE) {
            throw ConfigException.forKey("vanishedFiles", "table " + name + ": vanishedFiles: remove applies to "
                    + "mode replace only (the rows of other modes do not say which file they came from); use warn "
                    + "or fail");
        }
        if ((mode == LoadMode.UPSERT || mode == LoadMode.CDC) && primaryKey.isEmpty()) {
            throw ConfigException.forKey("mode", "table " + name + ": mode " + mode.name().toLowerCase(Locale.ROOT)
                    + " merges rows on primaryKey, and none is declared: set primaryKey to the columns that "
                    + "identify a row (the source table's key)");
        }
        if (mode != LoadMode.CDC && !cdc.equals(CdcOptions.DMS_DEFAULT)) {
            throw ConfigException.forKey("cdc", "table " + name + ": cdc options apply to mode cdc only; set "
                    + "mode: cdc, or remove cdc");
        }
        if (mode == LoadMode.CDC && format.namesFields()) {
            throw new ConfigException("table " + name + ": mode cdc reads files without a header only, so far; "
                    + "set format.header: false (DMS AddColumnName=false) and name the fields in columns");
        }
        Set<String> seen = new HashSet<>();
        for (String field : format.fields()) {
            requireUnreserved(name, "format.fields", field);
        }
        for (ColumnSpec column : columns) {
            requireUnreserved(name, "columns", column.name());
            if (!seen.add(column.name())) {
                throw ConfigException.forKey("columns", "table " + name + ": column '" + column.name()
                        + "' is declared twice");
            }
        }
        for (String kept : cdc.keptColumns()) {
            if (seen.contains(kept) || format.fields().contains(kept)) {
                String key = kept.equals(cdc.opColumn()) ? "cdc.opColumn" : "cdc.commitTimeColumn";
                throw ConfigException.forKey(key, "table " + name + ": " + key + " '" + kept
                        + "' is also a field of the files ("
                        + (seen.contains(kept) ? "columns" : "format.fields") + "): lakeload fills it from the "
                        + "change data, so name a column the files do not have");
            }
        }
        if (transformers.isEmpty()) {
            for (String key : primaryKey) {
                if (!seen.isEmpty() && !seen.contains(key)) {
                    throw ConfigException.forKey("primaryKey", "table " + name + ": primaryKey column '" + key
                            + "' is not among its columns");
                }
            }
        }
        if (!format.namesFields() && format.fields().isEmpty() && columns.isEmpty()) {
            throw new ConfigException("table " + name + ": files that do not name their fields (no header) need "
                    + "either columns or format.fields to name them");
        }
    }

    private static void requireUnreserved(String table, String key, String name) {
        if (name.equals(CdcOptions.OP_FIELD) || name.equals(CdcOptions.COMMIT_TIME_FIELD)) {
            throw ConfigException.forKey(key, "table " + table + ", " + key + ": '" + name + "' is a name "
                    + "reserved for lakeload's change-data fields; rename it");
        }
    }

    // A prefix is a key, not a path: ".." or a leading "/" would read outside the source folder or bucket root.
    private static void checkPrefix(String table, String from) {
        Objects.requireNonNull(from, "from");
        if (from.startsWith("/")) {
            throw ConfigException.forKey("from", "table " + table + ": from '" + from + "' must be a key prefix "
                    + "relative to the source, without a leading '/'");
        }
        for (String segment : from.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                throw ConfigException.forKey("from", "table " + table + ": from '" + from + "' must not contain '"
                        + segment + "': a table's files are under the source's root, never beside it");
            }
        }
    }

    /** New transformers for one table load, in order, one from each of {@link #transformers()}. */
    public List<RowTransformer> newTransformers() {
        return transformers.stream().map(factory -> Objects.requireNonNull(factory.create(),
                () -> "table " + name + ": a transformer factory returned null")).toList();
    }

    /** The names of the fields in each record when the files do not name them (no header). */
    public List<String> fieldNames() {
        return format.fields().isEmpty() ? columns.stream().map(ColumnSpec::name).toList() : format.fields();
    }

    /**
     * The names of the fields in each record of the file at {@code relativeKey} (relative to {@link #from()}),
     * when the files do not name them: {@link #fieldNames()}, after the change-data fields in mode cdc.
     */
    public List<String> fieldNames(String relativeKey) {
        return mode == LoadMode.CDC ? cdc.fieldNames(relativeKey, fieldNames()) : fieldNames();
    }

    public static Builder builder(String name, String from) {
        return new Builder(name, from);
    }

    private static String unknownZone(String zoneName) {
        return "timeZone '" + zoneName + "' is not an IANA time zone name such as UTC, Europe/Berlin or "
                + "America/New_York (" + Names.suggestion(zoneName, ZoneId.getAvailableZoneIds().stream().sorted()
                .toList()) + ")";
    }

    /** Builds a {@link TableSpec}; every part but name and prefix has a default. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final String from;
        private GlobFilter files = GlobFilter.ALL;
        private FileFormat format = CsvFormat.DMS_DEFAULT;
        private final List<ColumnSpec> columns = new ArrayList<>();
        private List<String> primaryKey = List.of();
        private LoadMode mode = LoadMode.APPEND;
        private final List<RowTransformerFactory> transformers = new ArrayList<>();
        private long maxRejects;
        private NulPolicy nulPolicy = NulPolicy.REJECT;
        private RewritePolicy rewritePolicy = RewritePolicy.FAIL;
        private boolean allowEmpty;
        private ZoneId timeZone = UTC;
        private SchemaEvolution schemaEvolution = SchemaEvolution.FAIL;
        private CdcOptions cdc = CdcOptions.DMS_DEFAULT;
        private Freshness freshness;
        private VanishedFiles vanishedFiles = VanishedFiles.WARN;
        private DirectCopy directCopy = DirectCopy.AUTO;

        private Builder(String name, String from) {
            this.name = name;
            this.from = from;
        }

        public Builder files(GlobFilter filter) {
            this.files = filter;
            return this;
        }

        public Builder format(FileFormat fileFormat) {
            this.format = fileFormat;
            return this;
        }

        public Builder column(String columnName, String type) {
            columns.add(new ColumnSpec(columnName, type));
            return this;
        }

        public Builder columns(List<ColumnSpec> specs) {
            columns.addAll(specs);
            return this;
        }

        public Builder primaryKey(List<String> keyColumns) {
            this.primaryKey = keyColumns;
            return this;
        }

        public Builder mode(LoadMode loadMode) {
            this.mode = loadMode;
            return this;
        }

        /**
         * Adds a transformer after those added before, by its factory, which each load calls for a new instance:
         * {@code .transformer(MaskEmails::new)}, {@code .transformer(() -> new JsonFlattener(options))}.
         */
        public Builder transformer(RowTransformerFactory factory) {
            transformers.add(Objects.requireNonNull(factory, "factory"));
            return this;
        }

        public Builder maxRejects(long max) {
            this.maxRejects = max;
            return this;
        }

        public Builder nulPolicy(NulPolicy policy) {
            this.nulPolicy = policy;
            return this;
        }

        public Builder rewritePolicy(RewritePolicy policy) {
            this.rewritePolicy = policy;
            return this;
        }

        public Builder allowEmpty(boolean allow) {
            this.allowEmpty = allow;
            return this;
        }

        public Builder timeZone(ZoneId zone) {
            this.timeZone = zone;
            return this;
        }

        /** The time zone by its IANA name, for example {@code Europe/Berlin}. */
        public Builder timeZone(String zoneName) {
            if (zoneName == null || !ZoneId.getAvailableZoneIds().contains(zoneName)) {
                throw ConfigException.forKey("timeZone", "table " + name + ": "
                        + unknownZone(String.valueOf(zoneName)));
            }
            this.timeZone = ZoneId.of(zoneName);
            return this;
        }

        public Builder schemaEvolution(SchemaEvolution policy) {
            this.schemaEvolution = policy;
            return this;
        }

        public Builder cdc(CdcOptions options) {
            this.cdc = options;
            return this;
        }

        /** How old the newest file may be; null (the default) checks nothing. */
        public Builder freshness(Freshness limits) {
            this.freshness = limits;
            return this;
        }

        public Builder vanishedFiles(VanishedFiles policy) {
            this.vanishedFiles = policy;
            return this;
        }

        public Builder directCopy(DirectCopy policy) {
            this.directCopy = policy;
            return this;
        }

        public TableSpec build() {
            return new TableSpec(name, from, files, format, columns, primaryKey, mode, transformers, maxRejects,
                    nulPolicy, rewritePolicy, allowEmpty, timeZone, schemaEvolution, cdc, freshness, vanishedFiles,
                    directCopy);
        }
    }
}
