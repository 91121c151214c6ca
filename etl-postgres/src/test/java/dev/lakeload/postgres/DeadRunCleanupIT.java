package dev.lakeload.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.pipeline.RunReport;
import dev.lakeload.core.source.LocalFolderSource;
import dev.lakeload.testkit.files.TestFiles;
import dev.lakeload.testkit.pg.LimitedDataSource;
import dev.lakeload.testkit.pg.PostgresServer;
import dev.lakeload.testkit.pg.TestDatabase;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run holds a lock for its life, so that a later run can prove a run dead (its row unfinished, its lock free),
 * drop its staging tables and mark it abandoned, and never touches a live run's. The kill -9 cases through the
 * command line are in {@code CrashRecoveryIT}.
 */
@Tag("reliability")
class DeadRunCleanupIT {
    private static final TableSpec ORDERS = TableSpec.builder("orders", "shop/orders/").column("id", "bigint").build();

    @TempDir
    Path lake;

    private TestDatabase db;

    @BeforeEach
    void setUp() throws IOException {
        db = PostgresServer.shared().newDatabase("deadrun");
        TestFiles.write(lake.resolve("shop/orders/LOAD00000001.csv"), "1\n2\n");
    }

    private RunReport run() {
        return new PostgresWarehouse(db.dataSource(), "public").pipeline(new LocalFolderSource(lake))
                .run(List.of(ORDERS));
    }

    @Test
    void aDeadRunsStagingIsDroppedAndTheRunAbandonedWhileALiveRunsStagingStays() {
        new PostgresLedger(db.dataSource(), "public").prepare();
        // What a killed run leaves: its row still running, its session (and lock) gone, its staging tables.
        db.execute("""
                INSERT INTO lakeload.runs (run_id, started_at, source, status) VALUES ('r_dead', now(), 'x', 'running');
                CREATE UNLOGGED TABLE lakeload.stg_r_dead_0000aaaa (v text);
                CREATE UNLOGGED TABLE lakeload.rej_r_dead_0000bbbb (v text);
                """);
        PostgresLedger other = new PostgresLedger(db.dataSource(), "public");
        other.runStarted("r_live", "file:/elsewhere");
        db.execute("CREATE UNLOGGED TABLE lakeload.stg_r_live_0000cccc (v text)");

        RunReport report = run();

        assertThat(report.succeeded()).isTrue();
        assertThat(report.notes()).containsExactly("run r_dead ended without finishing (killed, or cut off from the "
                + "database); marked abandoned, dropped its staging tables lakeload.rej_r_dead_0000bbbb, "
                + "lakeload.stg_r_dead_0000aaaa");
        assertThat(stagingTables()).containsExactly("stg_r_live_0000cccc");
        assertThat(db.query("SELECT run_id, status, finished_at IS NOT NULL, succeeded FROM lakeload.runs "
                + "ORDER BY run_id")).containsExactlyInAnyOrder(
                        List.of("r_dead", "abandoned", "t", "f"),
                        Arrays.asList("r_live", "running", "f", null),
                        List.of(report.runId(), "finished", "t", "t"));

        other.runFinished(new RunReport("r_live", Instant.now(), Instant.now(), List.of()));
        db.execute("DROP TABLE lakeload.stg_r_live_0000cccc");

        assertThat(run().notes()).isEmpty();
        assertThat(db.queryValue("SELECT status FROM lakeload.runs WHERE run_id = 'r_live'")).isEqualTo("finished");
        assertThat(db.queryValue("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = "
                + PostgresLedger.RUN_LOCK_CLASS)).isEqualTo("0");
    }

    @Test
    void aRunThatLostItsConnectionTakesItsLockAgainBeforeARetrySoItsNewStagingIsLeftAlone() {
        PostgresLedger retrying = new PostgresLedger(db.dataSource(), "public");
        retrying.prepare();
        retrying.runStarted("r_retrying", "file:/lake");
        // The server ends the session holding the run's lock, as a restart or pg_terminate_backend would.
        assertThat(db.queryValue("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' "
                + "AND classid = " + PostgresLedger.RUN_LOCK_CLASS)).isEqualTo("t");
        db.execute("CREATE UNLOGGED TABLE lakeload.stg_r_retrying_0000aaaa (v text)");

        // Until it retries, nothing tells it from a dead run.
        assertThat(run().notes()).singleElement().asString().startsWith("run r_retrying ended without finishing");
        retrying.keepRunLive("r_retrying");
        db.execute("CREATE UNLOGGED TABLE lakeload.stg_r_retrying_0000aaaa (v text)");

        assertThat(run().notes()).isEmpty();
        assertThat(stagingTables()).containsExactly("stg_r_retrying_0000aaaa");
        assertThat(db.query("SELECT status, finished_at FROM lakeload.runs WHERE run_id = 'r_retrying'"))
                .containsExactly(Arrays.asList("running", null));
        retrying.keepRunLive("r_retrying"); // a live connection: nothing to renew
        assertThat(db.queryValue("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = "
                + PostgresLedger.RUN_LOCK_CLASS)).isEqualTo("1");
    }

    @Test
    void aRunThroughAPoolOfThreeConnectionsKeepsOneForItsLockOneForTheClaimAndGivesAllBack() {
        LimitedDataSource pool = new LimitedDataSource(db.dataSource(), 3);

        RunReport report = new PostgresWarehouse(pool, "public").pipeline(new LocalFolderSource(lake))
                .run(List.of(ORDERS));

        assertThat(report.succeeded()).isTrue();
        assertThat(db.queryValue("SELECT count(*) FROM public.orders")).isEqualTo("2");
        assertThat(pool.mostOpen()).isEqualTo(3);
        assertThat(pool.open()).isZero();
        assertThat(pool.givenBackInTransaction()).isZero();
    }

    @Test
    void aLedgerFromBeforeRunStatusesMarksItsFinishedRunsAndLeavesTheUnfinishedOnesAlone() {
        db.execute("""
                CREATE SCHEMA lakeload;
                CREATE TABLE lakeload.runs (run_id text PRIMARY KEY, started_at timestamptz NOT NULL,
                    finished_at timestamptz, source text, succeeded boolean);
                INSERT INTO lakeload.runs VALUES ('r_done', now(), now(), 'file:/old', true),
                                                 ('r_unknown', now(), NULL, 'file:/old', NULL);
                CREATE UNLOGGED TABLE lakeload.stg_r_unknown_0000aaaa (v text);
                """);

        RunReport report = run();

        // Nothing proves a run of an older lakeload dead: it held no lock.
        assertThat(report.notes()).isEmpty();
        assertThat(stagingTables()).containsExactly("stg_r_unknown_0000aaaa");
        assertThat(db.query("SELECT run_id, status FROM lakeload.runs ORDER BY run_id")).containsExactlyInAnyOrder(
                List.of("r_done", "finished"), List.of(report.runId(), "finished"),
                Arrays.asList("r_unknown", null));
    }

    private List<String> stagingTables() {
        return db.tables("lakeload").stream().filter(t -> t.startsWith("stg_") || t.startsWith("rej_")).toList();
    }
}
