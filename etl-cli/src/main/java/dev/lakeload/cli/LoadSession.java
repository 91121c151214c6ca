package dev.lakeload.cli;

import dev.lakeload.cli.manifest.Manifest;
import dev.lakeload.core.pipeline.LoadPipeline;
import dev.lakeload.core.source.Source;
import dev.lakeload.postgres.PostgresWarehouse;
import dev.lakeload.postgres.WaitPolicy;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A manifest's source and target, opened for one command: closing it closes the source and stops an embedded
 * database. Not thread-safe to open or close; the pipeline it gives is.
 */
final class LoadSession implements AutoCloseable {
    private final Source source;
    private final TargetDatabase database;
    private final PostgresWarehouse warehouse;

    private LoadSession(Source source, TargetDatabase database, PostgresWarehouse warehouse) {
        this.source = source;
        this.database = database;
        this.warehouse = warehouse;
    }

    static LoadSession open(Manifest manifest, Path manifestDirectory) {
        return open(manifest, manifestDirectory, WaitPolicy.DEFAULTS);
    }

    /** Opens the source and the target, whose loads wait and time out as {@code waits} says. */
    static LoadSession open(Manifest manifest, Path manifestDirectory, WaitPolicy waits) {
        Source source = Sources.open(manifest.source(), manifestDirectory);
        try {
            TargetDatabase database = TargetDatabase.open(manifest.target().postgres(), manifestDirectory, 0);
            return new LoadSession(source, database,
                    new PostgresWarehouse(database.dataSource(), manifest.target().postgres().schema(), waits));
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
    }

    LoadPipeline pipeline() {
        return warehouse.pipeline(source);
    }

    /** A pipeline whose promotions roll back and whose ledger records nothing: a dry run's. */
    LoadPipeline dryRunPipeline() {
        return warehouse.dryRunPipeline(source);
    }

    Source source() {
        return source;
    }

    PostgresWarehouse warehouse() {
        return warehouse;
    }

    TargetDatabase database() {
        return database;
    }

    @Override
    public void close() throws IOException {
        try (database; source) {
            // try-with-resources closes both, the database last, and keeps the first failure
        }
    }
}
