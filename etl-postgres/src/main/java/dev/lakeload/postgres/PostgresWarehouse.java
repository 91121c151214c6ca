package dev.lakeload.postgres;

import dev.lakeload.core.pipeline.LoadPipeline;
import dev.lakeload.core.source.Source;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The PostgreSQL side of lakeload in one place: a staging loader, a promoter, a ledger and table claims over one
 * data source and target schema, and a {@link LoadPipeline} built from them. This is what an embedding service usually needs:
 * <pre>{@code
 * PostgresWarehouse warehouse = new PostgresWarehouse(dataSource, "public");
 * RunReport report = warehouse.pipeline(source).run(tables);
 * }</pre>
 * Does not own the data source. Thread-safe.
 */
public final class PostgresWarehouse {
    private final PostgresCopyStagingLoader stagingLoader;
    private final PostgresPromoter promoter;
    private final PostgresLedger ledger;
    private final PostgresTableClaims claims;

    /** A warehouse with the {@linkplain WaitPolicy#DEFAULTS default} waits and timeouts. */
    public PostgresWarehouse(DataSource dataSource, String targetSchema) {
        this(dataSource, targetSchema, WaitPolicy.DEFAULTS);
    }

    /**
     * @param dataSource the target database; a run keeps one connection for its life (holding its liveness lock,
     *     see {@link PostgresLedger}), holds one for the claim of the table it loads, and borrows one more at a time
     *     (one while staging the table, then one while promoting it, and briefly for the ledger), so a pool of
     *     three is enough for a run that loads one table at a time, and {@code 1 + 3 × N} for N tables at once
     *     ({@link dev.lakeload.core.pipeline.Sharing#tables()})
     * @param targetSchema the schema of the target tables; created when missing
     * @param waits how long a run waits for a table another run loads and for locks, and the statement timeout;
     *     the sessions lakeload uses get them with {@code application_name} {@code lakeload run <runId>}
     */
    public PostgresWarehouse(DataSource dataSource, String targetSchema, WaitPolicy waits) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(targetSchema, "targetSchema");
        this.stagingLoader = new PostgresCopyStagingLoader(dataSource, targetSchema, waits);
        this.promoter = new PostgresPromoter(dataSource, targetSchema, waits);
        this.ledger = new PostgresLedger(dataSource, targetSchema);
        this.claims = new PostgresTableClaims(dataSource, ledger, waits);
    }

    /**
     * A pipeline that loads from {@code source} into this warehouse, claiming each table for its load. The caller
     * still owns the source.
     */
    public LoadPipeline pipeline(Source source) {
        return new LoadPipeline(source, stagingLoader, promoter, ledger, claims);
    }

    /**
     * A pipeline for a dry run from {@code source}: it lists, plans, stages and promotes as {@link #pipeline} does,
     * but each promotion is rolled back ({@link PostgresPromoter#rehearsing()}) and nothing is recorded in the
     * ledger, so its report says what a real run would load and reject, and it leaves no rows, ledger entries,
     * rejects or staging tables behind. It claims tables as a real run does. The caller still owns the source.
     */
    public LoadPipeline dryRunPipeline(Source source) {
        // Only staging's promotion can be rehearsed; a direct copy would load every row just to be rolled back and
        // staged after all, so the dry run stages at once (stagingLoader::open has no direct load).
        return new LoadPipeline(source, stagingLoader::open, promoter.rehearsing(), new DryRunLedger(ledger),
                claims);
    }

    public PostgresLedger ledger() {
        return ledger;
    }

    public PostgresPromoter promoter() {
        return promoter;
    }

    public PostgresCopyStagingLoader stagingLoader() {
        return stagingLoader;
    }

    public PostgresTableClaims claims() {
        return claims;
    }
}
