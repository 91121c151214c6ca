package dev.lakeload.postgres;

import dev.lakeload.core.config.DirectCopy;
import dev.lakeload.core.config.LoadMode;
import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.staging.StagedLoad;
import dev.lakeload.core.staging.StagingLoader;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Stages rows with {@code COPY ... FROM STDIN} into UNLOGGED all-text tables in the {@code lakeload} schema,
 * named {@code stg_<runId>_<hash>} (and {@code rej_<runId>_<hash>} for rejects), so concurrent runs never collide
 * and a crashed run's leftovers are recognisable by their run id. The tables are dropped when the
 * {@link StagedLoad} closes.
 *
 * <p>Thread-safe: each {@link #open} call gets its own connection from the data source. The ledger schema must
 * exist ({@link PostgresLedger#prepare()}).
 */
public final class PostgresCopyStagingLoader implements StagingLoader {
    private final DataSource dataSource;
    private final String targetSchema;
    private final WaitPolicy waits;

    /** A loader whose sessions have the {@linkplain WaitPolicy#DEFAULTS default} timeouts. */
    public PostgresCopyStagingLoader(DataSource dataSource, String targetSchema) {
        this(dataSource, targetSchema, WaitPolicy.DEFAULTS);
    }

    /**
     * @param dataSource the target database; a load borrows one connection for all its staging tables while
     *     staging, and gives it back when staging finishes
     * @param targetSchema the schema of the target tables, recorded in each staging table's comment
     * @param waits the lock and statement timeouts of the staging sessions (set on the session)
     */
    public PostgresCopyStagingLoader(DataSource dataSource, String targetSchema, WaitPolicy waits) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.targetSchema = Objects.requireNonNull(targetSchema, "targetSchema");
        this.waits = Objects.requireNonNull(waits, "waits");
    }

    /**
     * A {@link PostgresDirectLoad} for an {@code append}, {@code upsert} or {@code cdc} table without transformers
     * whose spec asks for {@link DirectCopy#AUTO}; empty otherwise. Child relations and transformers' rejects need
     * staging, and {@code replace} clears the table first, which it does through staging.
     */
    @Override
    public Optional<StagedLoad> openDirect(TableSpec table, String runId) {
        if (table.directCopy() != DirectCopy.AUTO || table.mode() == LoadMode.REPLACE
                || !table.transformers().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PostgresDirectLoad(dataSource, targetSchema, table, runId, waits));
    }

    @Override
    public StagedLoad open(TableSpec table, String runId) {
        return new PostgresStagedLoad(dataSource, targetSchema + "." + table.name(), table.nulPolicy(), runId,
                waits);
    }
}
