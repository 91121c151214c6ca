package dev.lakeload.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.pipeline.RunReport;
import dev.lakeload.core.pipeline.TableResult;
import dev.lakeload.core.source.LocalFolderSource;
import dev.lakeload.testkit.pg.PostgresServer;
import dev.lakeload.testkit.pg.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A lake folder and a fresh database, loaded through the whole pipeline as an embedding service loads them. */
final class LoadFixture {
    final TestDatabase db;
    private final Path lake;

    LoadFixture(Path lake, String databaseHint) {
        this.lake = lake;
        this.db = PostgresServer.shared().newDatabase(databaseHint);
    }

    void write(String key, String content) {
        try {
            Path file = lake.resolve(key);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    RunReport run(TableSpec... tables) {
        return new PostgresWarehouse(db.dataSource(), "public").pipeline(new LocalFolderSource(lake))
                .run(List.of(tables));
    }

    /** Runs one table and returns its result. */
    TableResult load(TableSpec table) {
        RunReport report = run(table);
        assertThat(report.tables()).hasSize(1);
        return report.tables().get(0);
    }

    /** The column names of a table, in table order. */
    List<String> columnsOf(String table) {
        return db.query("SELECT attname FROM pg_attribute WHERE attrelid = '" + table + "'::regclass "
                + "AND attnum > 0 AND NOT attisdropped ORDER BY attnum").stream().map(r -> r.get(0)).toList();
    }

    /** Every reject: file, line, column, raw value and reason, in file and line order. */
    List<List<String>> rejects() {
        return db.query("SELECT file_key, line::text, column_name, raw_value, reason FROM lakeload.rejects "
                + "ORDER BY file_key, line, column_name");
    }
}
