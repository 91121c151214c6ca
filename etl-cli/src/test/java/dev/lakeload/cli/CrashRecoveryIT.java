package dev.lakeload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakeload.testkit.process.ChildProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Losing the database or the process midway: a backend terminated mid-COPY or at the promotion is retried and the
 * table loaded once; {@code bin/lakeload} killed with SIGKILL while staging, while promoting and right after the
 * commit leaves staging behind that the next run drops, marking the killed run abandoned, and ends with the rows of
 * one clean run. The load is stopped at each point deterministically: the COPY of a file big enough to be seen in
 * {@code pg_stat_activity}, a lock the test holds on the target table (the promotion waits for it), and a lock on
 * the staging tables (their drop after the commit waits for it).
 */
@Tag("reliability")
class CrashRecoveryIT {
    private static final int ROWS = 100_000;
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final String COPYING = "query LIKE 'COPY %' AND state = 'active'";
    private static final String WAITING_FOR_A_LOCK = "wait_event_type = 'Lock'";

    @TempDir
    Path dir;

    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private CliProject project;

    @BeforeEach
    void setUp() {
        project = new CliProject(dir, "crash");
        // Staging, where the kills and stops below happen, is what these tests are about; the direct copy has no
        // staging tables to leave behind (a backend terminated mid-COPY is tried on both paths).
        project.writeManifest("""
                - name: orders
                  from: shop/orders/
                  directCopy: never
                  columns:
                    - { name: id, type: bigint }
                    - { name: note, type: text }
                    - { name: amount, type: "numeric(12,2)" }
                """);
        StringBuilder rows = new StringBuilder(ROWS * 28);
        for (int i = 1; i <= ROWS; i++) {
            rows.append(i).append(",note ").append(i).append(",12.34\n");
        }
        project.write("shop/orders/LOAD00000001.csv", rows.toString());
        // The table exists before the load, so that the test can hold its lock where the promotion needs it.
        project.db().execute("CREATE TABLE public.orders (id bigint, note text, amount numeric(12,2))");
    }

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
    }

    @Test
    void aBackendTerminatedMidCopyIsRetriedAndTheTableLoadedOnce() throws Exception {
        assertABackendTerminatedMidCopyIsRetried();
    }

    @Test
    void aBackendTerminatedMidDirectCopyIsRetriedAndTheTableLoadedOnce() throws Exception {
        Files.writeString(project.manifest(), Files.readString(project.manifest()).replace("directCopy: never",
                "directCopy: auto"));
        assertABackendTerminatedMidCopyIsRetried();
    }

    private void assertABackendTerminatedMidCopyIsRetried() throws Exception {
        Future<CliRun> run = executor.submit(() -> runInProcess("--retry-backoff", "100ms"));
        terminate(awaitBackend(COPYING, () -> !run.isDone()));

        CliRun result = run.get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        // While rows stream (staging ...) or, rarely, as the COPY ends (completing the staging of ...).
        assertThat(notes()).singleElement().asString()
                .containsPattern("^attempt 1 failed \\((staging|completing the staging of) public\\.orders")
                .containsPattern("SQLSTATE (08006|57P01)").endsWith("loaded again after 100 ms");
        assertLoadedOnce();
    }

    @Test
    void aBackendTerminatedAtThePromotionIsRetriedAndTheTableLoadedOnce() throws Exception {
        Future<CliRun> run;
        try (Connection holder = lockTargetTable()) {
            run = executor.submit(() -> runInProcess("--retry-backoff", "100ms"));
            terminate(awaitBackend(WAITING_FOR_A_LOCK, () -> !run.isDone()));
            holder.rollback();
        }

        CliRun result = run.get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        assertThat(notes()).singleElement().asString().startsWith("attempt 1 failed (promoting public.orders: ")
                .contains("terminating connection due to administrator command", "SQLSTATE 57P01");
        assertLoadedOnce();
    }

    @Test
    void aRunKilledWhileStagingIsCleanedUpByTheNextRunWhichLoadsTheTableOnce() throws Exception {
        try (ChildProcess child = CliProject.startLakeload("run", project.manifest().toString())) {
            awaitBackend(COPYING, child.handle()::isAlive);
            child.kill();
        }
        endBackendsOfTheKilledRun();

        runAgainAfterTheKill();
    }

    @Test
    void aRunKilledWhilePromotingIsCleanedUpByTheNextRunWhichLoadsTheTableOnce() throws Exception {
        try (Connection holder = lockTargetTable();
             ChildProcess child = CliProject.startLakeload("run", project.manifest().toString())) {
            awaitBackend(WAITING_FOR_A_LOCK, child.handle()::isAlive);
            child.kill();
            endBackendsOfTheKilledRun();
            holder.rollback();
        }

        runAgainAfterTheKill();
    }

    @Test
    void aRunKilledRightAfterItsCommitIsCleanedUpByTheNextRunWhichFindsTheTableUpToDate() throws Exception {
        try (Connection holder = lockTargetTable(); Connection stagingHolder = project.db().dataSource().getConnection();
             ChildProcess child = CliProject.startLakeload("run", project.manifest().toString())) {
            awaitBackend(WAITING_FOR_A_LOCK, child.handle()::isAlive);
            stagingHolder.setAutoCommit(false);
            try (Statement lock = stagingHolder.createStatement()) {
                for (String table : stagingTables()) {
                    lock.execute("LOCK TABLE lakeload." + table + " IN ACCESS SHARE MODE");
                }
            }
            holder.rollback(); // the promotion goes on and commits; dropping its staging then waits
            awaitBackend("query LIKE 'DROP TABLE%' AND " + WAITING_FOR_A_LOCK, child.handle()::isAlive);
            assertThat(project.db().queryValue("SELECT count(*) FROM public.orders")).isEqualTo("" + ROWS);
            child.kill();
            endBackendsOfTheKilledRun();
            stagingHolder.rollback();
        }

        runAgainAfterTheKill();
    }

    /** The run after a kill: drops the killed run's staging, marks it abandoned, and leaves one clean load. */
    private void runAgainAfterTheKill() throws IOException {
        String killed = project.db().queryValue("SELECT run_id FROM lakeload.runs WHERE status = 'running'");
        List<String> left = stagingTables();
        assertThat(left).isNotEmpty().allMatch(t -> t.contains(killed));

        CliRun again = runInProcess();

        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).contains("note: run " + killed + " ended without finishing (killed, or cut off "
                + "from the database); marked abandoned, dropped its staging tables lakeload." + left.get(0));
        assertThat(project.db().queryValue("SELECT status FROM lakeload.runs WHERE run_id = '" + killed + "'"))
                .isEqualTo("abandoned");
        assertLoadedOnce();
    }

    private CliRun runInProcess(String... options) {
        List<String> args = new java.util.ArrayList<>(List.of("run", project.manifest().toString(), "--report",
                dir.resolve("report.json").toString()));
        args.addAll(List.of(options));
        return CliRun.of(args.toArray(String[]::new));
    }

    private List<String> notes() throws IOException {
        JsonNode table = new ObjectMapper().readTree(dir.resolve("report.json").toFile()).get("tables").get(0);
        List<String> notes = new java.util.ArrayList<>();
        table.get("notes").forEach(n -> notes.add(n.asText()));
        return notes;
    }

    /** Every row once, the file recorded once, and nothing left in the lakeload schema but the ledger. */
    private void assertLoadedOnce() {
        assertThat(project.db().query("SELECT count(*), count(DISTINCT id), sum(amount) FROM public.orders"))
                .containsExactly(List.of("" + ROWS, "" + ROWS, String.format("%.2f", ROWS * 12.34)));
        assertThat(project.db().queryValue("SELECT count(*) FROM lakeload.files")).isEqualTo("1");
        assertThat(stagingTables()).isEmpty();
    }

    private List<String> stagingTables() {
        return project.db().tables("lakeload").stream().filter(t -> t.startsWith("stg_") || t.startsWith("rej_"))
                .toList();
    }

    /** A transaction holding the target table's strongest lock: the promotion waits for it. */
    private Connection lockTargetTable() throws SQLException {
        Connection holder = project.db().dataSource().getConnection();
        holder.setAutoCommit(false);
        try (Statement lock = holder.createStatement()) {
            lock.execute("LOCK TABLE public.orders IN ACCESS EXCLUSIVE MODE");
        }
        return holder;
    }

    /**
     * The lakeload backend of this database matching {@code condition} on {@code pg_stat_activity}; fails the test
     * after {@link #WAIT} or when the load ended first.
     */
    private int awaitBackend(String condition, BooleanSupplier loading) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        try (Connection connection = project.db().dataSource().getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT pid FROM pg_stat_activity WHERE "
                     + "datname = current_database() AND application_name LIKE 'lakeload%' AND " + condition)) {
            while (System.nanoTime() < deadline && loading.getAsBoolean()) {
                try (ResultSet rs = query.executeQuery()) {
                    if (rs.next()) {
                        return rs.getInt(1);
                    }
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("no lakeload backend with " + condition + " was seen before the load ended or "
                + WAIT + " passed");
    }

    private void terminate(int pid) {
        assertThat(project.db().queryValue("SELECT pg_terminate_backend(" + pid + ")")).isEqualTo("t");
    }

    /**
     * Ends what the killed process left on the server. A backend waiting for a lock notices that its client is
     * gone only when it next talks to it, so it is terminated, as a server with {@code client_connection_check_interval}
     * would; the others end on their own. Waits until none is left, at most {@link #WAIT}.
     */
    private void endBackendsOfTheKilledRun() throws InterruptedException {
        project.db().query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND application_name LIKE 'lakeload%' AND " + WAITING_FOR_A_LOCK);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!project.db().queryValue("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                + "AND application_name LIKE 'lakeload%'").equals("0")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the killed run's backends did not end within " + WAIT);
            }
            Thread.sleep(20);
        }
    }
}
