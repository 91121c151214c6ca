package dev.lakeload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakeload.testkit.pg.TestDatabase;
import dev.lakeload.testkit.process.ChildProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sharing the work through the real command line: {@code run --parallel} loads tables at once and reports them in
 * manifest order, several worker processes on one manifest and database load every file once and never one table
 * at once, a killed worker leaves the others finishing and a re-run completing the rest, and {@code --split-files}
 * splits one append table between two workers.
 *
 * <p>A statement trigger on every target table records each promotion's writer and its start and end in
 * {@code writers}, and holds a promotion of the table named in {@code control.hold} until the test clears it, so
 * overlaps and a worker stopped mid-table happen for certain however the machine schedules the processes.
 */
class ScaleOutIT {
    private static final Duration BOUND = Duration.ofMinutes(3);
    private static final int ROWS_PER_FILE = 5;

    @TempDir
    Path dir;

    private CliProject project;
    private TestDatabase db;

    @BeforeEach
    void setUp() {
        project = new CliProject(dir, "cli_scale");
        db = project.db();
        db.execute("""
                CREATE TABLE writers (target text, app text, pid int, began timestamptz, ended timestamptz);
                CREATE TABLE control (hold text, pause double precision);
                INSERT INTO control VALUES (NULL, 0);
                CREATE FUNCTION writer_begins() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO writers VALUES (TG_TABLE_NAME, current_setting('application_name'), pg_backend_pid(),
                                                clock_timestamp(), NULL);
                    PERFORM pg_sleep((SELECT pause FROM control));
                    WHILE (SELECT hold FROM control) = TG_TABLE_NAME LOOP
                        PERFORM pg_sleep(0.05);
                    END LOOP;
                    RETURN NULL;
                END $$;
                CREATE FUNCTION writer_ends() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE writers SET ended = clock_timestamp()
                    WHERE pid = pg_backend_pid() AND target = TG_TABLE_NAME AND ended IS NULL;
                    RETURN NULL;
                END $$;
                """);
    }

    @Test
    void parallelRunLoadsTablesAtOnceReportsThemInManifestOrderAndOneFailureStopsNoOther() throws IOException {
        List<String> names = List.of("t1", "t2", "t3", "t4");
        names.forEach(name -> table(name, 2));
        project.write("t3/LOAD00000003.csv", "x,not a number\n");
        db.execute("UPDATE control SET pause = 1");
        project.writeManifest(manifestTables(names));
        Path report = dir.resolve("report.json");

        ChildProcess.Result run = CliProject.lakeload(Map.of(), "run", project.manifest().toString(),
                "--parallel", "3", "--report", report.toString());

        assertThat(run.exitCode()).as("t3 fails on its data: " + run.output()).isEqualTo(3);
        JsonNode tables = new ObjectMapper().readTree(report.toFile()).get("tables");
        assertThat(tables).extracting(t -> t.get("name").asText()).containsExactlyElementsOf(names);
        assertThat(tables).extracting(t -> t.get("status").asText())
                .containsExactly("loaded", "loaded", "failed", "loaded");
        assertThat(tables).extracting(t -> t.get("rowsLoaded").asLong()).containsExactly(10L, 10L, 0L, 10L);
        assertThat(tables.get(2).get("error").asText()).contains("t3/LOAD00000003.csv");
        assertThat(run.output()).containsPattern("(?s)t1 +loaded.*t2 +loaded.*t3 +failed.*t4 +loaded");
        for (String name : List.of("t1", "t2", "t4")) {
            assertThat(db.queryValue("SELECT count(*) FROM " + name)).isEqualTo("10");
        }
        // Each promotion sleeps a second in its trigger: with three tables at once, some of them overlap.
        assertThat(db.queryValue("""
                SELECT count(*) FROM writers a JOIN writers b ON a.target < b.target
                WHERE a.began < b.ended AND b.began < a.ended""")).isNotEqualTo("0");
    }

    @Test
    void threeWorkersShareTwelveTablesAndAKilledWorkerLeavesTheRestToTheOthersAndTheNextRun() throws IOException {
        List<String> names = IntStream.rangeClosed(1, 12).mapToObj(i -> String.format("w%02d", i)).toList();
        names.forEach(name -> table(name, 3));
        project.writeManifest(manifestTables(names));
        db.execute("UPDATE control SET hold = 'w07', pause = 0.2");

        List<ChildProcess> workers = new ArrayList<>();
        try {
            startWorkers(workers, 3, "--wait", "0");
            // The worker that claimed w07 stays in its promotion; the other two load the rest and leave it busy.
            List<Integer> finished = awaitFinished(workers, 2);
            ChildProcess stuck = workers.get(IntStream.range(0, 3).filter(i -> !finished.contains(i)).findFirst()
                    .orElseThrow());
            assertThat(stuck.handle().isAlive()).isTrue();
            assertThat(db.queryValue("SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
                    + "AND starts_with(application_name, 'lakeload run ') AND query LIKE '%w07%'")).isEqualTo("1");
            for (int i : finished) {
                ChildProcess.Result result = workers.get(i).await(BOUND);
                assertThat(result.exitCode()).as(result.output()).isZero();
                JsonNode tables = new ObjectMapper().readTree(report(i).toFile()).get("tables");
                assertThat(tables).extracting(t -> t.get("name").asText()).containsExactlyElementsOf(names);
                assertThat(tables.get(6).get("status").asText()).isEqualTo("busy");
                assertThat(tables).extracting(t -> t.get("status").asText()).containsOnly("loaded", "up_to_date",
                        "busy");
            }
            stuck.kill();
        } finally {
            db.execute("UPDATE control SET hold = NULL");
            workers.forEach(ChildProcess::close);
        }
        assertThat(db.queryValue("SELECT count(*) FROM w07")).isEqualTo("0");
        for (String name : names.stream().filter(n -> !n.equals("w07")).toList()) {
            assertThat(db.queryValue("SELECT count(*) FROM " + name)).as(name).isEqualTo("15");
        }

        Path rerunReport = dir.resolve("rerun.json");
        ChildProcess.Result rerun = CliProject.lakeload(Map.of(), "run", project.manifest().toString(), "--wait",
                "1m", "--report", rerunReport.toString());

        assertThat(rerun.exitCode()).as(rerun.output()).isZero();
        JsonNode rerunTables = new ObjectMapper().readTree(rerunReport.toFile()).get("tables");
        assertThat(rerunTables.get(6).get("status").asText()).isEqualTo("loaded");
        assertThat(rerun.output()).contains("ended without finishing (killed, or cut off from the database); "
                + "marked abandoned");
        for (String name : names) {
            assertThat(db.query("SELECT count(*)::text, sum(id)::text FROM " + name)).as(name)
                    .containsExactly(List.of("15", String.valueOf(sumOfIds(name, 3))));
        }
        assertEveryFileOnce(36);
        // Each table was loaded whole by one run, and no two writers promoted into one table at once.
        assertThat(db.query("SELECT target_table FROM lakeload.files GROUP BY target_table "
                + "HAVING count(DISTINCT run_id) > 1")).isEmpty();
        assertNoTwoWritersAtOnce();
    }

    @Test
    void twoWorkersSplitOneFortyFileAppendTableLoadingEveryFileOnce() throws IOException {
        table("big", 40);
        project.writeManifest(manifestTables(List.of("big")));
        // A pause per promotion keeps the first worker busy for seconds, so the second one shares the work.
        db.execute("UPDATE control SET pause = 0.3");

        List<ChildProcess> workers = new ArrayList<>();
        try {
            startWorkers(workers, 2, "--split-files", "4");
            for (ChildProcess worker : workers) {
                ChildProcess.Result result = worker.await(BOUND);
                assertThat(result.exitCode()).as(result.output()).isZero();
            }
        } finally {
            workers.forEach(ChildProcess::close);
        }

        assertThat(db.query("SELECT count(*)::text, sum(id)::text FROM big"))
                .containsExactly(List.of("200", String.valueOf(sumOfIds("big", 40))));
        assertEveryFileOnce(40);
        assertThat(db.queryValue("SELECT count(DISTINCT run_id) FROM lakeload.files")).isEqualTo("2");
        long reported = 0;
        for (int i = 0; i < 2; i++) {
            JsonNode big = new ObjectMapper().readTree(report(i).toFile()).get("tables").get(0);
            assertThat(big.get("status").asText()).isIn("loaded", "up_to_date");
            reported += big.get("rowsLoaded").asLong();
        }
        assertThat(reported).isEqualTo(200);
        assertNoTwoWritersAtOnce();
    }

    /** Creates table {@code name} with the triggers, and {@code files} files of {@link #ROWS_PER_FILE} rows. */
    private void table(String name, int files) {
        db.execute("CREATE TABLE " + name + " (id bigint, v text);"
                + "CREATE TRIGGER begins BEFORE INSERT ON " + name + " EXECUTE FUNCTION writer_begins();"
                + "CREATE TRIGGER ends AFTER INSERT ON " + name + " EXECUTE FUNCTION writer_ends();");
        for (int f = 1; f <= files; f++) {
            int first = (f - 1) * ROWS_PER_FILE + 1;
            project.write(String.format("%s/LOAD%08d.csv", name, f), IntStream.range(first, first + ROWS_PER_FILE)
                    .mapToObj(id -> id + "," + name + "-" + id + "\n").collect(Collectors.joining()));
        }
    }

    private static long sumOfIds(String name, int files) {
        long n = (long) files * ROWS_PER_FILE;
        return n * (n + 1) / 2;
    }

    private static String manifestTables(List<String> names) {
        return names.stream().map(name -> """
                - name: %s
                  from: %s/
                  columns: [ { name: id, type: bigint }, { name: v, type: text } ]
                """.formatted(name, name)).collect(Collectors.joining());
    }

    private void assertEveryFileOnce(int files) {
        assertThat(db.query("SELECT location FROM lakeload.files GROUP BY location HAVING count(*) > 1")).isEmpty();
        assertThat(db.queryValue("SELECT count(*) FROM lakeload.files WHERE disposition = 'loaded'"))
                .isEqualTo(String.valueOf(files));
    }

    private void assertNoTwoWritersAtOnce() {
        assertThat(db.query("""
                SELECT a.target, a.app, b.app FROM writers a JOIN writers b
                    ON a.target = b.target AND a.pid <> b.pid AND a.began < b.ended AND b.began < a.ended"""))
                .isEmpty();
        assertThat(db.queryValue("SELECT count(*) FROM writers WHERE ended IS NULL")).isEqualTo("0");
    }

    /** Starts {@code count} workers on the manifest with {@code options}, each reporting to its {@link #report}. */
    private void startWorkers(List<ChildProcess> workers, int count, String... options) {
        for (int i = 0; i < count; i++) {
            List<String> args = new ArrayList<>(List.of("run", project.manifest().toString(), "--report",
                    report(i).toString()));
            args.addAll(List.of(options));
            workers.add(CliProject.startLakeload(args.toArray(String[]::new)));
        }
    }

    private Path report(int worker) {
        return dir.resolve("report-" + worker + ".json");
    }

    /** Waits, at most {@link #BOUND}, until {@code count} of the workers have exited; their indexes. */
    private static List<Integer> awaitFinished(List<ChildProcess> workers, int count) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (true) {
            List<Integer> finished = IntStream.range(0, workers.size())
                    .filter(i -> !workers.get(i).handle().isAlive()).boxed().toList();
            if (finished.size() >= count) {
                return finished;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("within " + BOUND + " fewer than " + count + " worker(s) finished; they "
                        + "printed:\n" + String.join("\n----\n", workers.stream().map(ChildProcess::output)
                        .toList()));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
