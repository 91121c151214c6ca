package dev.lakeload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakeload.testkit.pg.TestDatabase;
import dev.lakeload.testkit.process.ChildProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs that overlap on one manifest, and a load that waits for a lock another session holds, through the real
 * command line: overlapping runs all succeed and load every file once, a table held longer than a run waits is
 * {@code busy} naming the run that holds it, and a lock wait is reported with its blocker and ends within its bound.
 * A test session's {@code LOCK TABLE orders IN SHARE MODE} holds the first run at its promotion, so the runs overlap
 * for certain however the machine schedules them.
 */
@Tag("reliability")
class OverlappingRunsIT {
    private static final Duration BOUND = Duration.ofMinutes(2);
    private static final String TABLES = """
            - name: customers
              from: crm/customers/
              columns: [ { name: id, type: bigint }, { name: name, type: text } ]
            - name: orders
              from: shop/orders/
              columns: [ { name: id, type: bigint }, { name: amount, type: "numeric(12,2)" } ]
            """;

    @TempDir
    Path dir;

    private CliProject project;
    private TestDatabase db;

    @BeforeEach
    void setUp() {
        project = new CliProject(dir, "cli_overlap");
        db = project.db();
        project.write("crm/customers/LOAD00000001.csv", "1,Ann\n2,Bob\n");
        project.write("crm/customers/LOAD00000002.csv", "3,Cy\n");
        project.write("shop/orders/LOAD00000001.csv", "10,1.50\n11,2.50\n");
        project.write("shop/orders/LOAD00000002.csv", "12,3.50\n");
        project.write("shop/orders/20260101-100000000.csv", "13,4.50\n");
        project.writeManifest(TABLES);
        db.execute("CREATE TABLE orders (id bigint, amount numeric(12,2))");
    }

    @ParameterizedTest(name = "{0} runs")
    @ValueSource(ints = {2, 3})
    void overlappingRunsAllSucceedAndLoadEveryFileOnce(int runs) throws Exception {
        List<ChildProcess> children = new ArrayList<>();
        try (Connection locker = lockOrders("nightly-report")) {
            for (int i = 0; i < runs; i++) {
                children.add(start("--report", report(i).toString()));
            }
            // One run holds orders and waits for the lock; the others wait for that run's claim on orders.
            awaitOutputs(children, out -> out.contains("RowExclusiveLock on relation orders"), 1);
            awaitOutputs(children, out -> out.contains("table public.orders: run "), runs - 1);
            locker.commit();

            for (ChildProcess child : children) {
                ChildProcess.Result result = child.await(BOUND);
                assertThat(result.exitCode()).as(result.output()).isZero();
            }
        } finally {
            children.forEach(ChildProcess::close);
        }

        List<String> ordersStatus = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            JsonNode tables = new ObjectMapper().readTree(report(i).toFile()).get("tables");
            ordersStatus.add(tables.get(1).get("status").asText());
        }
        assertThat(ordersStatus).containsOnlyOnce("loaded").containsOnly("loaded", "up_to_date");
        assertThat(db.query("SELECT file_key, count(*)::text FROM lakeload.files GROUP BY file_key ORDER BY 1"))
                .containsExactly(List.of("crm/customers/LOAD00000001.csv", "1"),
                        List.of("crm/customers/LOAD00000002.csv", "1"),
                        List.of("shop/orders/20260101-100000000.csv", "1"),
                        List.of("shop/orders/LOAD00000001.csv", "1"), List.of("shop/orders/LOAD00000002.csv", "1"));
        assertThat(db.query("SELECT (SELECT count(*) FROM customers)::text, (SELECT count(*) FROM orders)::text, "
                + "(SELECT sum(amount) FROM orders)::text")).containsExactly(List.of("3", "4", "12.00"));
        assertThat(db.queryValue("SELECT count(*) FROM lakeload.runs WHERE succeeded")).isEqualTo(
                String.valueOf(runs));
    }

    @Test
    void aTableHeldLongerThanARunWaitsIsLeftBusyNamingTheRunThatHoldsIt() throws Exception {
        try (Connection locker = lockOrders("nightly-report");
             ChildProcess holder = start("--report", report(0).toString())) {
            holder.awaitOutput("RowExclusiveLock on relation orders", BOUND);

            ChildProcess.Result busy = CliProject.lakeload(Map.of(), "run", project.manifest().toString(),
                    "--wait", "1s", "--report", report(1).toString());

            assertThat(busy.exitCode()).as(busy.output()).isZero();
            locker.commit();
            ChildProcess.Result held = holder.await(BOUND);
            assertThat(held.exitCode()).as(held.output()).isZero();
            String holderRun = new ObjectMapper().readTree(report(0).toFile()).get("runId").asText();
            JsonNode orders = new ObjectMapper().readTree(report(1).toFile()).get("tables").get(1);
            assertThat(orders.get("status").asText()).isEqualTo("busy");
            assertThat(orders.get("error").isNull()).isTrue();
            assertThat(orders.get("notes").get(0).asText()).startsWith("not loaded: run " + holderRun + " (pid ")
                    .contains("connected at ", "was loading it for longer than this run waits (1 s); the next run loads");
            assertThat(busy.output()).containsPattern("orders +busy +0 ")
                    .contains("note: orders: not loaded: run " + holderRun, "1 left busy to another run");
        }
        assertThat(db.queryValue("SELECT count(*) FROM orders")).isEqualTo("4");
        assertThat(db.query("SELECT status FROM lakeload.run_tables WHERE target_table = 'public.orders' "
                + "ORDER BY status")).containsExactly(List.of("busy"), List.of("loaded"));
    }

    @Test
    void aLockHeldByAnotherSessionFailsTheTableWithinTheLockTimeoutNamingTheBlocker() throws Exception {
        ChildProcess.Result run;
        long started = System.nanoTime();
        try (Connection locker = lockOrders("nightly-report")) {
            run = CliProject.lakeload(Map.of(), "run", project.manifest().toString(), "--lock-timeout", "4s",
                    "--report", report(0).toString());
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(run.exitCode()).as(run.output()).isEqualTo(4);
        assertThat(took).isLessThan(Duration.ofSeconds(60));
        // While it waited, it said on what and behind whom, every second (a quarter of the lock timeout).
        assertThat(run.output()).contains("WARN", "table public.orders: session ", "has waited",
                "RowExclusiveLock on relation orders", "application 'nightly-report', idle in transaction, in its "
                        + "transaction since ", "last query: LOCK TABLE orders IN SHARE MODE",
                "lock_timeout (4 s) fails the table then");
        JsonNode tables = new ObjectMapper().readTree(report(0).toFile()).get("tables");
        assertThat(tables.get(0).get("status").asText()).isEqualTo("loaded");
        JsonNode orders = tables.get(1);
        assertThat(orders.get("status").asText()).isEqualTo("failed");
        assertThat(orders.get("errorKind").asText()).isEqualTo("transient");
        assertThat(orders.get("error").asText()).contains("canceling statement due to lock timeout",
                "last seen waiting: session ", "RowExclusiveLock on relation orders",
                "application 'nightly-report'", "LOCK TABLE orders IN SHARE MODE");

        ChildProcess.Result again = CliProject.lakeload(Map.of(), "run", project.manifest().toString());
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(db.queryValue("SELECT count(*) FROM orders")).isEqualTo("4");
    }

    /** A session of another application holding {@code orders} in SHARE mode until it commits or closes. */
    private Connection lockOrders(String application) throws SQLException {
        Connection connection = db.dataSource().getConnection();
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET application_name = '" + application + "'");
            connection.setAutoCommit(false);
            statement.execute("LOCK TABLE orders IN SHARE MODE");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    private ChildProcess start(String... options) {
        List<String> command = new ArrayList<>(List.of(CliProject.REPO.resolve("bin/lakeload").toString(), "run",
                project.manifest().toString()));
        command.addAll(List.of(options));
        return ChildProcess.start(CliProject.REPO, command);
    }

    private Path report(int run) {
        return dir.resolve("report-" + run + ".json");
    }

    /** Waits, at most {@link #BOUND}, until {@code count} of the children have printed what {@code printed} wants. */
    private static void awaitOutputs(List<ChildProcess> children, Predicate<String> printed, int count)
            throws InterruptedException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (children.stream().map(ChildProcess::output).filter(printed).count() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("within " + BOUND + " fewer than " + count + " run(s) printed what was "
                        + "awaited; they printed:\n" + String.join("\n----\n",
                        children.stream().map(ChildProcess::output).toList()));
            }
            Thread.sleep(100);
        }
    }
}
