package dev.lakeload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakeload.postgres.PostgresLedger;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lakeload status}: what the ledger says of each table, as a table and as JSON. */
class StatusCommandIT {
    private static final String TABLES = """
            - name: orders
              from: shop/orders/
              columns: [ { name: id, type: bigint }, { name: amount, type: "numeric(12,2)" } ]
              maxRejects: 5
            - name: customers
              from: shop/customers/
              columns: [ { name: id, type: bigint }, { name: name, type: text } ]
            """;

    @TempDir
    Path dir;

    private CliProject project;

    @BeforeEach
    void setUp() {
        project = new CliProject(dir, "status");
        project.write("shop/orders/LOAD00000001.csv", "1,1.50\n2,oops\n3,3.00\n");
        project.write("shop/customers/LOAD00000001.csv", "10,Ann\n");
        project.writeManifest(TABLES);
    }

    private CliRun status(String... options) {
        return CliRun.of("status", project.manifest(), options);
    }

    private JsonNode statusJson() throws IOException {
        CliRun run = status("--output", "json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        return new ObjectMapper().readTree(run.out());
    }

    @Test
    void aTableNeverLoadedSaysSoAndALoadedOneShowsItsLastLoadCountsRejectsAndNewestFile() throws IOException {
        CliRun before = status();
        assertThat(before.exitCode()).as(before.err()).isZero();
        assertThat(before.out()).containsPattern("orders\\s+never loaded\\s+-\\s+0\\s+0")
                .containsPattern("customers\\s+never loaded").doesNotContain("\u001b[");
        assertThat(statusJson().get("tables").get(0).get("loaded").asBoolean()).isFalse();
        assertThat(statusJson().get("tables").get(0).get("lastLoad").isNull()).isTrue();

        Path report = dir.resolve("report.json");
        assertThat(CliRun.of("run", project.manifest().toString(), "--report", report.toString()).exitCode())
                .isZero();
        String runId = new ObjectMapper().readTree(report.toFile()).get("runId").asText();

        CliRun after = status();
        assertThat(after.out()).containsPattern("TABLE\\s+LAST LOAD\\s+RUN\\s+FILES\\s+ROWS\\s+LAST FILES\\s+LAST ROWS"
                        + "\\s+OPEN REJECTS\\s+NEWEST FILE")
                .containsPattern("orders\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ \\(\\d+s ago\\)\\s+" + runId
                        + "\\s+1\\s+2\\s+1\\s+2\\s+1\\s+\\d+s old")
                .containsPattern("customers\\s+.*" + runId + "\\s+1\\s+1\\s+1\\s+1\\s+0")
                .contains("note: orders: 1 rejected row(s) not yet dealt with: lakeload rejects --table orders");
        JsonNode orders = statusJson().get("tables").get(0);
        assertThat(orders.get("name").asText()).isEqualTo("orders");
        assertThat(orders.get("loaded").asBoolean()).isTrue();
        assertThat(orders.get("lastLoad").get("runId").asText()).isEqualTo(runId);
        assertThat(orders.get("lastLoad").get("files").asInt()).isEqualTo(1);
        assertThat(orders.get("lastLoad").get("rowsLoaded").asLong()).isEqualTo(2);
        assertThat(orders.get("filesLoaded").asLong()).isEqualTo(1);
        assertThat(orders.get("rowsLoaded").asLong()).isEqualTo(2);
        assertThat(orders.get("openRejects").asLong()).isEqualTo(1);
        assertThat(orders.get("newestFile").asText()).isEqualTo("shop/orders/LOAD00000001.csv");
        assertThat(orders.get("newestFileAgeSeconds").asLong()).isBetween(0L, 600L);
        assertThat(orders.get("loadingRun").isNull()).isTrue();
    }

    @Test
    void totalsAddUpOverRunsAndAFailedLastRunIsShownBesideTheLastLoad() throws IOException {
        Path report = dir.resolve("report.json");
        assertThat(CliRun.of("run", project.manifest().toString(), "--report", report.toString()).exitCode())
                .isZero();
        String firstRun = new ObjectMapper().readTree(report.toFile()).get("runId").asText();
        project.write("shop/customers/LOAD00000002.csv", "11,Bob\n12,Cy\n");
        // A second run that loads only customers: orders keeps its last load from the first run.
        assertThat(CliRun.of("run", project.manifest().toString(), "--table", "customers").exitCode()).isZero();
        project.write("shop/orders/LOAD00000002.csv", "x4,4.00\n");
        project.writeManifest(TABLES.replace("maxRejects: 5", "maxRejects: 0"));
        CliRun failed = CliRun.of("run", project.manifest().toString(), "--table", "orders");
        assertThat(failed.exitCode()).as(failed.out()).isEqualTo(ExitCodes.DATA);

        JsonNode tables = statusJson().get("tables");
        JsonNode orders = tables.get(0);
        assertThat(orders.get("lastLoad").get("runId").asText()).isEqualTo(firstRun);
        assertThat(orders.get("lastRun").get("status").asText()).isEqualTo("failed");
        assertThat(orders.get("lastRun").get("errorKind").asText()).isEqualTo("data");
        assertThat(orders.get("lastRun").get("error").asText()).contains("shop/orders/LOAD00000002.csv, line 1");
        assertThat(orders.get("filesLoaded").asLong()).isEqualTo(1);
        JsonNode customers = tables.get(1);
        assertThat(customers.get("filesLoaded").asLong()).isEqualTo(2);
        assertThat(customers.get("rowsLoaded").asLong()).isEqualTo(3);
        assertThat(customers.get("lastLoad").get("rowsLoaded").asLong()).isEqualTo(2);
        assertThat(customers.get("lastLoad").get("runId").asText()).isNotEqualTo(firstRun);
        assertThat(status().out()).contains("error: orders: the last run, ", "failed (data): ",
                "shop/orders/LOAD00000002.csv, line 1");
    }

    @Test
    void aTableAnotherWorkerIsLoadingNowNamesThatWorkersRun() throws Exception {
        // What a worker's session looks like while it holds a table's claim (RunSessions, PostgresLedger.tryClaim).
        try (Connection worker = project.db().dataSource().getConnection();
             Statement statement = worker.createStatement()) {
            statement.execute("SET application_name = 'lakeload run 20991231t235959_abcdef'");
            statement.execute("SELECT pg_advisory_lock(" + PostgresLedger.CLAIM_LOCK_CLASS
                    + ", hashtext('lakeload:public.orders'))");
            assertThat(status().out()).contains("note: orders: being loaded now by run 20991231t235959_abcdef")
                    .doesNotContain("note: customers: being loaded");
            assertThat(statusJson().get("tables").get(0).get("loadingRun").asText())
                    .isEqualTo("20991231t235959_abcdef");
        }
        assertThat(statusJson().get("tables").get(0).get("loadingRun").isNull()).isTrue();
    }

    @Test
    void anUnknownTableIsAUsageErrorNamingIt() {
        CliRun run = status("--table", "order");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(run.err()).contains("--table order: the manifest has no such table");
    }
}
