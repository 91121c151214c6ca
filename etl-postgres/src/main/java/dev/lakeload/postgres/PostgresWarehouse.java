package dev.lakeload.postgres;

import dev.lakeload.core.pipeline.LoadPipeline;
import dev.lakeload.core.source.Source;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The PostgreSQL side of lakeload in one place: a staging loader, a promoter and a ledger over one data source and
 * target schema, and a {@link LoadPipeline} built from them. This is what an embedding service usually needs:
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

    /**
     * @param dataSource the target database; a run keeps one connection for its life (holding its liveness lock,
     *     see {@link PostgresLedger}) and borrows one more at a time (one while staging a table, then one while
     *     promoting it, and briefly for the ledger), so a pool of two is enough
     * @param targetSchema the schema of the target tables; created when missing
     */
    public PostgresWarehouse(DataSource dataSource, String targetSchema) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(targetSchema, "targetSchema");
        this.stagingLoader = new PostgresCopyStagingLoader(dataSource, targetSchema);
        this.promoter = new PostgresPromoter(dataSource, targetSchema);
        this.ledger = new PostgresLedger(dataSource, targetSchema);
    }

    /** A pipeline that loads from {@code source} into this warehouse. The caller still owns the source. */
    public LoadPipeline pipeline(Source source) {
        return new LoadPipeline(source, stagingLoader, promoter, ledger);
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
}
