package dev.lakeload.postgres;

import dev.lakeload.core.ConfigException;
import dev.lakeload.core.DataException;
import dev.lakeload.core.LakeloadException;
import dev.lakeload.core.config.CdcOptions;
import dev.lakeload.core.config.ColumnSpec;
import dev.lakeload.core.config.LoadMode;
import dev.lakeload.core.config.SchemaEvolution;
import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.internal.Names;
import dev.lakeload.core.row.Column;
import dev.lakeload.core.row.Schema;
import dev.lakeload.core.staging.StagedLoad;
import dev.lakeload.core.staging.StagedRelation;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes the target tables of a load fit its staged relations before any row moves, in the promotion's transaction:
 * <ol>
 *   <li>checks the names: a staged column of the loaded table, or a declared column, that matches no column (of the
 *       existing table, or of the declared columns of a table to create) fails the table, naming the closest one,
 *       since adding it would leave the column meant empty. Columns that a transformer adds on purpose, with a type
 *       hint or a source path, are exempt, and so are all under {@code schemaEvolution: addColumns}; under
 *       {@code ignore} a staged column that matches none is left out of the load ({@link #relations()});</li>
 *   <li>creates a missing table from the declared columns, then the staged columns' type hints, then text, with
 *       the declared primary key;</li>
 *   <li>adds to an existing table the columns a transformer made that it lacks (under {@code addColumns}, every
 *       declared or staged column it lacks), and in mode cdc the columns that keep change data
 *       ({@link CdcOptions#keptColumns()}).</li>
 * </ol>
 * Only checked types reach {@code CREATE TABLE} and {@code ALTER TABLE}: declared types and type hints alike must
 * be a type name by {@link ColumnSpec}'s grammar (nothing after it) and a type the server has. Not thread-safe;
 * lives for one promotion.
 */
final class DdlPlanner {
    private final Connection connection;
    private final String schema;
    private final TableSpec table;
    private final StagedLoad staged;
    private final List<String> created = new ArrayList<>();
    private final List<String> added = new ArrayList<>();
    private final List<String> ignored = new ArrayList<>();
    private final List<SchemaChange> changes = new ArrayList<>();
    private final List<StagedRelation> relations = new ArrayList<>();

    DdlPlanner(Connection connection, String schema, TableSpec table, StagedLoad staged) {
        this.connection = connection;
        this.schema = schema;
        this.table = table;
        this.staged = staged;
    }

    /**
     * Checks, creates and alters the target tables.
     *
     * @return the columns of the target tables afterwards, by table name (as {@link TargetCatalog#columns})
     * @throws ConfigException when a declared or field name matches no column, or a type is not usable
     * @throws DataException when a header names a column that matches none
     */
    Map<String, Map<String, TargetColumn>> prepare() throws SQLException {
        Map<String, Map<String, TargetColumn>> before = TargetCatalog.columns(connection, schema, table.name());
        for (StagedRelation stagedRelation : staged.relations()) {
            String name = StagedTarget.nameOf(table, stagedRelation);
            Map<String, TargetColumn> existing = before.getOrDefault(name, Map.of());
            StagedRelation relation = stagedRelation.schema().isMain()
                    ? requireKnownColumns(stagedRelation, existing) : stagedRelation;
            relations.add(relation);
            Map<String, String> types = newColumnTypes(relation, existing);
            if (existing.isEmpty()) {
                createTable(relation, name, types);
                created.add(schema + "." + name);
                changes.add(new SchemaChange(name, "created table", null, null));
            } else {
                for (Map.Entry<String, String> column : types.entrySet()) {
                    if (!existing.containsKey(column.getKey())) {
                        execute("ALTER TABLE " + Sql.qualified(schema, name) + " ADD COLUMN "
                                + Sql.ident(column.getKey()) + " " + column.getValue());
                        added.add(name + "." + column.getKey());
                        changes.add(new SchemaChange(name, "added column", column.getKey(), column.getValue()));
                    }
                }
            }
        }
        return created.isEmpty() && added.isEmpty() ? before
                : TargetCatalog.columns(connection, schema, table.name());
    }

    /** The tables created, as {@code schema.table}. */
    List<String> created() {
        return created;
    }

    /** The columns added to existing tables, as {@code table.column}. */
    List<String> added() {
        return added;
    }

    /** Every change made to the target tables, in order, for {@code lakeload.schema_changes}. */
    List<SchemaChange> changes() {
        return changes;
    }

    /**
     * A change made to a target table.
     *
     * @param table the table, unqualified
     * @param change {@code created table} or {@code added column}
     * @param column the column added; null for a created table
     * @param type the column's type; null for a created table
     */
    record SchemaChange(String table, String change, String column, String type) {
    }

    /** The staged columns left out under {@code schemaEvolution: ignore}, as {@code table.column}. */
    List<String> ignored() {
        return ignored;
    }

    /** The staged relations as they load, after {@link #prepare()}: without the columns {@link #ignored()}. */
    List<StagedRelation> relations() {
        return relations;
    }

    /** Checks the loaded table's names; returns its relation without the columns the policy ignores. */
    private StagedRelation requireKnownColumns(StagedRelation relation, Map<String, TargetColumn> existing)
            throws SQLException {
        List<String> declared = table.columns().stream().map(ColumnSpec::name).toList();
        for (Column column : relation.schema().columns()) {
            if (StagingShape.isChangeData(column.name()) && table.mode() != LoadMode.CDC) {
                throw new ConfigException("table " + table.name() + ": '" + column.name() + "' is a name reserved "
                        + "for lakeload's change-data fields (mode cdc), so nothing was loaded: rename the field in "
                        + "the header, in format.fields or with a transformer");
            }
        }
        if (existing.isEmpty() && declared.isEmpty()) {
            return relation; // a table without declared columns is created from what was staged
        }
        Collection<String> known = existing.isEmpty() ? declared : existing.keySet();
        if (table.schemaEvolution() == SchemaEvolution.ADD_COLUMNS) {
            // New names are added, but one that differs from a known name only in case is a misspelling of it.
            for (Column column : relation.schema().columns()) {
                if (!known.contains(column.name())
                        && known.stream().anyMatch(k -> k.equalsIgnoreCase(column.name()))) {
                    throw unknownColumn(relation, column.name(), known, !existing.isEmpty());
                }
            }
            return relation;
        }
        for (String name : existing.isEmpty() ? List.<String>of() : declared) {
            if (!existing.containsKey(name) && !isAddedOnPurpose(relation, name)) {
                throw new ConfigException("table " + table.name() + ", columns: '" + name + "' is not a column "
                        + "of " + qualifiedName() + " (" + Names.suggestion(name, known) + "); nothing was loaded. "
                        + "Names match exactly, as quoted identifiers: declare the table's own names, or add "
                        + "the column to the table first (schemaEvolution: addColumns adds it)");
            }
        }
        List<Column> kept = new ArrayList<>();
        for (Column column : relation.schema().columns()) {
            // Op and commit time are staged for the applier, never written to the table.
            if (StagingShape.isChangeData(column.name()) || known.contains(column.name())
                    || isAddedOnPurpose(relation, column.name())) {
                kept.add(column);
            } else if (table.schemaEvolution() == SchemaEvolution.IGNORE) {
                ignored.add(table.name() + "." + column.name());
            } else {
                throw unknownColumn(relation, column.name(), known, !existing.isEmpty());
            }
        }
        return kept.size() == relation.schema().size() ? relation
                : new StagedRelation(relation.table(), Schema.of(kept), relation.rows(), relation.jsonColumns());
    }

    private LakeloadException unknownColumn(StagedRelation relation, String name, Collection<String> known,
                                            boolean tableExists) throws SQLException {
        String absent = tableExists ? "is not a column of " + qualifiedName() : "is not among the declared columns";
        String rest = " (" + Names.suggestion(name, known) + "); nothing was loaded. Names match exactly, as "
                + "quoted identifiers: ";
        if (table.format().namesFields()) {
            boolean caseOnly = known.stream().anyMatch(k -> k.equalsIgnoreCase(name));
            return new DataException(firstFileWithValues(relation, name), 1, name, "the header names a column "
                    + "that " + absent + rest + (caseOnly ? "fix the header" : tableExists ? "add the column to "
                    + "the table if it is new (or set schemaEvolution: addColumns, or ignore to leave it out), or "
                    + "fix the header" : "declare it in columns, or fix the header"));
        }
        String source = table.format().fields().contains(name) ? "format.fields" : "a transformer's output";
        return new ConfigException("table " + table.name() + ", " + source + ": '" + name + "' " + absent + rest
                + (tableExists ? "use the table's own name" : "declare it in columns, or use a declared name"));
    }

    /** The key of the first staged file with a value in the column, or null when all its values are NULL. */
    private String firstFileWithValues(StagedRelation relation, String column) throws SQLException {
        String sql = "SELECT coalesce(min(" + Sql.ident(StagingShape.FILE) + "), 0) FROM "
                + Sql.qualified(relation.table().schema(), relation.table().name()) + " WHERE " + Sql.ident(column)
                + " IS NOT NULL";
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            long ordinal = rs.getLong(1);
            return staged.files().stream().filter(f -> f.ordinal() == ordinal).map(f -> f.file().key())
                    .findFirst().orElse(null);
        }
    }

    /**
     * The types of the columns that may have to be created: declared types first (the loaded table's), then the
     * type hints of staged columns the table lacks, text when there is neither.
     */
    private Map<String, String> newColumnTypes(StagedRelation relation, Map<String, TargetColumn> existing)
            throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        if (relation.schema().isMain()) {
            for (ColumnSpec column : table.columns()) {
                requireKnownType(column.type(), "table " + table.name() + ", column " + column.name());
                types.put(column.name(), column.type());
            }
        }
        if (relation.schema().isMain() && table.mode() == LoadMode.CDC) {
            // Asked for by name in the manifest, so added to an existing table whatever schemaEvolution says.
            CdcOptions cdc = table.cdc();
            if (cdc.opColumn() != null) {
                types.put(cdc.opColumn(), "text");
            }
            if (cdc.commitTimeColumn() != null) {
                types.put(cdc.commitTimeColumn(), "timestamp"); // DMS writes it without a zone
            }
        }
        for (Column column : StagingShape.valueColumns(relation.schema())) {
            if (!existing.containsKey(column.name()) && !types.containsKey(column.name())) {
                types.put(column.name(), column.typeHint() == null ? "text" : checkedHint(column));
            }
        }
        return types;
    }

    /** A transformer's type hint, checked as a declared type is: it goes into DDL. */
    private String checkedHint(Column column) throws SQLException {
        String where = "table " + table.name() + ", a transformer's output";
        try {
            new ColumnSpec(column.name(), column.typeHint());
        } catch (ConfigException e) {
            throw new ConfigException(where + ": " + e.getMessage() + ", so nothing was loaded. A type hint is a "
                    + "type name only, such as integer or numeric(12,2): fix the transformer that makes column '"
                    + column.name() + "'", e);
        }
        requireKnownType(column.typeHint(), where + ", column '" + column.name() + "'");
        return column.typeHint();
    }

    private void requireKnownType(String type, String where) throws SQLException {
        if (TargetCatalog.resolveType(connection, type) == null) {
            throw new ConfigException(where + ": PostgreSQL has no type '" + type + "'");
        }
    }

    private void createTable(StagedRelation relation, String name, Map<String, String> types) throws SQLException {
        StringBuilder ddl = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(Sql.qualified(schema, name))
                .append(" (");
        String separator = "";
        for (Map.Entry<String, String> column : types.entrySet()) {
            ddl.append(separator).append(Sql.ident(column.getKey())).append(' ').append(column.getValue());
            separator = ", ";
        }
        if (relation.schema().isMain() && !table.primaryKey().isEmpty()) {
            ddl.append(", PRIMARY KEY (").append(Sql.identList(table.primaryKey())).append(')');
        }
        execute(ddl.append(')').toString());
    }

    private void execute(String ddl) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(ddl);
        }
    }

    private String qualifiedName() {
        return schema + "." + table.name();
    }

    /** Whether a transformer made the column on purpose: it has a type hint or a source path (flattening). */
    private static boolean isAddedOnPurpose(StagedRelation relation, String name) {
        int position = relation.schema().indexOf(name);
        return position >= 0 && (relation.schema().column(position).typeHint() != null
                || relation.schema().column(position).sourcePath() != null);
    }
}
