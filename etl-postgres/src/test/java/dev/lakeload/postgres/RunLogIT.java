package dev.lakeload.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.pipeline.ErrorKind;
import dev.lakeload.core.pipeline.RunReport;
import dev.lakeload.core.source.LocalFolderSource;
import dev.lakeload.testkit.files.TestFiles;
import dev.lakeload.testkit.pg.PostgresServer;
import dev.lakeload.testkit.pg.TestDatabase;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lakeload.run_tables}: each table's outcome in a run, with the kind of a failure. */
class RunLogIT {
    @TempDir
    Path lake;

    private TestDatabase db;

    @BeforeEach
    void setUp() {
        db = PostgresServer.shared().newDatabase("runlog");
    }

    private RunReport run(TableSpec... tables) {
        return new PostgresWarehouse(db.dataSource(), "public").pipeline(new LocalFolderSource(lake))
                .run(List.of(tables));
    }

    private static TableSpec table(String name) {
        return TableSpec.builder(name, "shop/" + name + "/").column("id", "bigint").build();
    }

    @Test
    void everyTableIsRecordedWithTheKindOfItsFailure() throws IOException {
        TestFiles.write(lake.resolve("shop/orders/LOAD00000001.csv"), "1\nx\n");
        TestFiles.write(lake.resolve("shop/items/LOAD00000001.csv"), "1\n");

        RunReport report = run(table("orders"), table("items"), table("empty"));

        assertThat(report.tables()).extracting(t -> t.errorKind()).containsExactly(ErrorKind.DATA, null,
                ErrorKind.DATA);
        assertThat(db.query("SELECT target_table, status, error_kind FROM lakeload.run_tables "
                + "ORDER BY target_table")).containsExactly(List.of("public.empty", "failed", "data"),
                        Arrays.asList("public.items", "loaded", null), List.of("public.orders", "failed", "data"));
    }

    @Test
    void aLedgerWithoutErrorKindsGainsTheColumnAndKeepsItsRuns() throws IOException {
        db.execute("""
                CREATE SCHEMA lakeload;
                CREATE TABLE lakeload.runs (run_id text PRIMARY KEY, started_at timestamptz NOT NULL,
                    finished_at timestamptz, source text, succeeded boolean);
                CREATE TABLE lakeload.run_tables (run_id text NOT NULL REFERENCES lakeload.runs,
                    target_table text NOT NULL, status text NOT NULL, files integer NOT NULL,
                    rows_read bigint NOT NULL, rows_loaded bigint NOT NULL, rows_rejected bigint NOT NULL,
                    seconds double precision NOT NULL, error text, PRIMARY KEY (run_id, target_table));
                INSERT INTO lakeload.runs VALUES ('r1', now(), now(), 'file:/old', false);
                INSERT INTO lakeload.run_tables VALUES ('r1', 'public.orders', 'failed', 0, 0, 0, 0, 1, 'old error');
                """);
        TestFiles.write(lake.resolve("shop/orders/LOAD00000001.csv"), "x\n");

        RunReport report = run(table("orders"));

        assertThat(db.query("SELECT run_id = 'r1', error, error_kind FROM lakeload.run_tables "
                + "ORDER BY run_id = 'r1' DESC"))
                .containsExactly(Arrays.asList("t", "old error", null),
                        List.of("f", report.tables().get(0).error(), "data"));
    }
}
