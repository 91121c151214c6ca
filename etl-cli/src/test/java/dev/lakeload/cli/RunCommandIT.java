package dev.lakeload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakeload.testkit.pg.PostgresServer;
import dev.lakeload.testkit.pg.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code run} and {@code ls} subcommands against a real PostgreSQL ({@code validate}: ValidateCommandTest). */
class RunCommandIT {
    @TempDir
    Path dir;

    private TestDatabase db;
    private Path manifest;

    @BeforeEach
    void setUp() throws IOException {
        db = PostgresServer.shared().newDatabase("cli");
        Path lake = dir.resolve("lake");
        write(lake.resolve("shop/orders/LOAD00000001.csv"), "1,\"a, b\",1.50\n2,,2.00\n");
        write(lake.resolve("shop/orders/LOAD00000002.csv"), "3,\"\",3.00\n");
        write(lake.resolve("shop/customers/LOAD00000001.csv"), "10,Ann\n");
        manifest = dir.resolve("lakeload.yaml");
        writeManifest("");
    }

    private void writeManifest(String extraOrderKeys) throws IOException {
        Files.writeString(manifest, ShopManifest.yaml(db.jdbcUrl(), db.user(), db.password(), extraOrderKeys));
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    @Test
    void runLoadsEveryTableThenReportsThemUpToDate() throws IOException {
        Path report = dir.resolve("out/report.json");

        CliRun first = CliRun.of("run", manifest.toString(), "--report", report.toString());

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).containsPattern("orders\\s+loaded\\s+2\\s+3\\s+3\\s+0")
                .containsPattern("customers\\s+loaded\\s+1\\s+1\\s+1\\s+0");
        assertThat(db.query("SELECT id, note FROM warehouse.orders ORDER BY id")).containsExactly(
                Arrays.asList("1", "a, b"), Arrays.asList("2", null), Arrays.asList("3", ""));
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertThat(json.get("runId").asText()).isNotBlank();
        assertThat(json.get("tables").get(0).get("name").asText()).isEqualTo("orders");
        assertThat(json.get("tables").get(0).get("status").asText()).isEqualTo("loaded");
        assertThat(json.get("tables").get(0).get("rowsLoaded").asLong()).isEqualTo(3);
        assertThat(json.get("tables").get(0).get("error").isNull()).isTrue();
        assertThat(json.get("tables").get(0).get("errorKind").isNull()).isTrue();

        CliRun second = CliRun.of("run", manifest.toString(), "--report", report.toString());

        assertThat(second.exitCode()).isZero();
        assertThat(second.out()).containsPattern("orders\\s+up_to_date\\s+0")
                .containsPattern("customers\\s+up_to_date\\s+0");
        assertThat(new ObjectMapper().readTree(report.toFile()).get("tables").get(1).get("status").asText())
                .isEqualTo("up_to_date");
        assertThat(db.queryValue("SELECT count(*) FROM warehouse.orders")).isEqualTo("3");
    }

    @Test
    void aReplaceTableFollowsItsFolderThroughRemovedFilesAndIsThenUpToDate() throws IOException {
        writeManifest("    mode: replace");
        assertThat(CliRun.of("run", manifest.toString()).exitCode()).isZero();
        write(dir.resolve("lake/shop/orders/LOAD00000001.csv"), "1,changed,1.00\n");
        Files.delete(dir.resolve("lake/shop/orders/LOAD00000002.csv"));

        CliRun replaced = CliRun.of("run", manifest.toString());

        assertThat(replaced.exitCode()).as(replaced.err()).isZero();
        assertThat(replaced.out()).containsPattern("orders\\s+loaded\\s+1\\s+1\\s+1\\s+0")
                .contains("note: orders: rewritten since loaded: shop/orders/LOAD00000001.csv",
                        "note: orders: no longer listed, rows removed: shop/orders/LOAD00000002.csv");
        assertThat(db.query("SELECT id, note FROM warehouse.orders")).containsExactly(List.of("1", "changed"));
        CliRun again = CliRun.of("run", manifest.toString());
        assertThat(again.out()).containsPattern("orders\\s+up_to_date\\s+0");
        assertThat(db.query("SELECT id, note FROM warehouse.orders")).containsExactly(List.of("1", "changed"));
    }

    @Test
    void aTableFailedOnItsDataExitsThreeAndTheOtherTableStillLoads() throws IOException {
        write(dir.resolve("lake/shop/orders/LOAD00000003.csv"), "4,x,1.00\nfive,y,2.00\n");
        Path report = dir.resolve("report.json");

        CliRun run = CliRun.of("run", manifest.toString(), "--report", report.toString());

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.out()).containsPattern("orders\\s+failed").containsPattern("customers\\s+loaded")
                .contains("error: orders: shop/orders/LOAD00000003.csv, line 2, column id");
        JsonNode orders = new ObjectMapper().readTree(report.toFile()).get("tables").get(0);
        assertThat(orders.get("status").asText()).isEqualTo("failed");
        assertThat(orders.get("error").asText()).contains("LOAD00000003.csv", "line 2", "column id", "five");
        assertThat(orders.get("errorKind").asText()).isEqualTo("data");
        assertThat(db.tables("warehouse")).containsExactly("customers");
        assertThat(db.tables("lakeload")).containsExactlyInAnyOrder("columns", "files", "rejects", "run_tables",
                "runs", "schema_changes");
    }

    @Test
    void runCanBeLimitedToSomeTables() {
        CliRun run = CliRun.of("run", manifest.toString(), "--table", "customers");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("customers").doesNotContain("orders");
        assertThat(CliRun.of("run", manifest.toString(), "--table", "nope").exitCode()).isEqualTo(2);
    }

    @Test
    void anUnreachableDatabaseFailsEveryTableWithAReport() throws IOException {
        // The server is never reached, so any password does: a distinctive one proves it is never printed.
        String password = "pw-Zq81-not-for-printing";
        Files.writeString(manifest, Files.readString(manifest).replace(db.jdbcUrl(),
                "jdbc:postgresql://127.0.0.1:1/nowhere?connectTimeout=2")
                .replace("password: \"" + db.password() + "\"", "password: \"" + password + "\""));
        assertThat(Files.readString(manifest)).contains(password);
        Path report = dir.resolve("report.json");

        CliRun run = CliRun.of("run", manifest.toString(), "--report", report.toString());

        assertThat(run.exitCode()).isEqualTo(4);
        JsonNode tables = new ObjectMapper().readTree(report.toFile()).get("tables");
        assertThat(tables).hasSize(2);
        assertThat(tables.get(0).get("status").asText()).isEqualTo("failed");
        assertThat(tables.get(1).get("error").asText()).contains("could not start", "Connection");
        assertThat(tables.get(1).get("errorKind").asText()).isEqualTo("unreachable");
        assertThat(run.out() + run.err() + Files.readString(report)).doesNotContain(password);
    }

    @Test
    void lsShowsNewAndLoadedFilesWithoutLoading() throws IOException {
        CliRun before = CliRun.of("ls", manifest.toString(), "--table", "orders");
        assertThat(before.exitCode()).as(before.err()).isZero();
        assertThat(before.out()).contains("orders (shop/orders/): 2 to load, 0 loaded")
                .containsPattern("new\\s+\\d+\\s+shop/orders/LOAD00000001.csv");
        assertThat(db.tables("warehouse")).isEmpty();

        CliRun.of("run", manifest.toString());
        write(dir.resolve("lake/shop/orders/LOAD00000003.csv"), "4,d,4.00\n");

        CliRun after = CliRun.of("ls", manifest.toString());
        assertThat(after.out()).contains("orders (shop/orders/): 1 to load, 2 loaded")
                .containsPattern("loaded\\s+\\d+\\s+shop/orders/LOAD00000001.csv")
                .containsPattern("new\\s+\\d+\\s+shop/orders/LOAD00000003.csv")
                .contains("customers (shop/customers): 0 to load, 1 loaded");
    }

    @Test
    void aSingleIncludePatternNeedsNoList() throws IOException {
        writeManifest("    include: \"LOAD00000002.csv\"");

        CliRun run = CliRun.of("run", manifest.toString(), "--table", "orders");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(db.queryValue("SELECT count(*) FROM warehouse.orders")).isEqualTo("1");
    }
}
