package dev.lakeload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing is silent, from the command line: stale tables, vanished files, folders no table covers and reconciled
 * counts reach the summary and the report, and change the exit code where the manifest says so.
 */
@Tag("reliability")
class AlertingCliIT {
    private static final String ORDERS = """
            - name: orders
              from: shop/orders/
              columns: [ { name: id, type: bigint }, { name: note, type: text } ]
            """;

    @TempDir
    Path dir;

    private CliProject project;
    private Path report;

    @BeforeEach
    void setUp() {
        project = new CliProject(dir, "cli_alerting");
        report = dir.resolve("report.json");
    }

    private CliRun run(String... extra) {
        String[] args = new String[extra.length + 4];
        args[0] = "run";
        args[1] = project.manifest().toString();
        args[2] = "--report";
        args[3] = report.toString();
        System.arraycopy(extra, 0, args, 4, extra.length);
        return CliRun.of(args);
    }

    private JsonNode json() throws IOException {
        return new ObjectMapper().readTree(report.toFile());
    }

    @Test
    void aTablePastWarnAfterIsStaleWithExitZeroAndPastErrorAfterFailsTheRunThoughItLoaded() throws IOException {
        Path file = project.write("shop/orders/LOAD00000001.csv", "1,a\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofHours(3))));
        project.writeManifest(ORDERS + "  freshness: { warnAfter: 2h, errorAfter: 1d }\n");

        CliRun stale = run();

        assertThat(stale.exitCode()).as(stale.out() + stale.err()).isZero();
        assertThat(stale.out()).contains("warning: orders: stale: newest file shop/orders/LOAD00000001.csv is from ",
                "past warnAfter 2h");
        JsonNode table = json().get("tables").get(0);
        assertThat(table.get("status").asText()).isEqualTo("loaded");
        assertThat(table.get("freshness").get("verdict").asText()).isEqualTo("stale");
        assertThat(table.get("freshness").get("ageSeconds").asLong()).isBetween(3 * 3600L, 3 * 3600L + 600);
        assertThat(json().get("passed").asBoolean()).isTrue();

        // A change file is as old as the time in its name, whenever it was uploaded.
        project.write("shop/orders/20200101-000000000.csv", "2,b\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2019-01-01T00:00:00Z")));

        CliRun error = run();

        assertThat(error.exitCode()).as(error.out() + error.err()).isEqualTo(1);
        assertThat(error.out()).contains("error: orders: stale: newest file shop/orders/20200101-000000000.csv is "
                + "from 2020-01-01T00:00:00Z", "past errorAfter 1d", "exits 1: table orders is stale");
        JsonNode failing = json();
        assertThat(failing.get("succeeded").asBoolean()).isTrue();
        assertThat(failing.get("passed").asBoolean()).isFalse();
        assertThat(failing.get("problems").get(0).asText()).startsWith("table orders is stale: newest file "
                + "shop/orders/20200101-000000000.csv");
        assertThat(failing.get("tables").get(0).get("status").asText()).isEqualTo("loaded");
        assertThat(failing.get("tables").get(0).get("freshness").get("verdict").asText()).isEqualTo("error");
        assertThat(project.db().queryValue("SELECT count(*) FROM orders")).isEqualTo("2");
    }

    @Test
    void aFreshnessDurationThatIsNotOneIsRefusedNamingItsKeyAndLine() {
        project.write("shop/orders/LOAD00000001.csv", "1,a\n");
        project.writeManifest(ORDERS + "  freshness: { warnAfter: 2 hours }\n");

        CliRun invalid = CliRun.of("validate", project.manifest().toString());

        assertThat(invalid.exitCode()).isEqualTo(2);
        assertThat(invalid.err()).contains("line 9", "freshness.warnAfter: '2 hours' is not a duration",
                "90m, 2h or 1d");
    }

    @Test
    void aVanishedFileIsReportedWithItsLoadTimeAndFailsTheTableUnderFail() throws IOException {
        project.write("shop/orders/LOAD00000001.csv", "1,a\n");
        project.write("shop/orders/LOAD00000002.csv", "2,b\n");
        project.writeManifest(ORDERS);
        assertThat(run().exitCode()).isZero();
        Files.delete(dir.resolve("lake/shop/orders/LOAD00000001.csv"));

        CliRun warned = run();

        assertThat(warned.exitCode()).as(warned.out() + warned.err()).isZero();
        assertThat(warned.out()).contains("warning: orders: 1 loaded file(s) no longer in the source: "
                + "shop/orders/LOAD00000001.csv (loaded 20");
        JsonNode vanished = json().get("tables").get(0).get("vanished");
        assertThat(vanished).hasSize(1);
        assertThat(vanished.get(0).get("key").asText()).isEqualTo("shop/orders/LOAD00000001.csv");
        assertThat(Instant.parse(vanished.get(0).get("loadedAt").asText())).isBefore(Instant.now());
        assertThat(CliRun.of("ls", project.manifest().toString()).out())
                .contains("orders (shop/orders/): 0 to load, 1 loaded, 0 rewritten since loaded, 1 vanished")
                .containsPattern("vanished\\s+4\\s+shop/orders/LOAD00000001.csv");

        project.writeManifest(ORDERS + "  vanishedFiles: fail\n");
        CliRun failed = run();

        assertThat(failed.exitCode()).isEqualTo(3);
        assertThat(json().get("tables").get(0).get("error").asText()).contains("shop/orders/LOAD00000001.csv",
                "vanishedFiles: fail");
        assertThat(project.db().queryValue("SELECT count(*) FROM orders")).isEqualTo("2");
    }

    @Test
    void anUncoveredFolderIsNotedListedThenIgnoredOrFailsTheRun() throws IOException {
        project.write("shop/orders/LOAD00000001.csv", "1,a\n");
        project.write("shop/refunds/LOAD00000001.csv", "1,a\n");
        project.write("shop/refunds/2026/11/25/20261125-101500123.csv", "2,b\n");
        project.write("shop/notes/readme.txt", "not a DMS file\n");
        project.writeManifest(ORDERS);

        CliRun noted = run();

        assertThat(noted.exitCode()).as(noted.out() + noted.err()).isZero();
        assertThat(noted.out()).contains("note: run: folder shop/refunds/ holds 2 DMS file(s) and no table loads it; "
                + "add a table for it, or list it under ignore").doesNotContain("shop/notes");
        assertThat(json().get("uncoveredFolders").get(0).get("folder").asText()).isEqualTo("shop/refunds/");
        assertThat(json().get("uncoveredFolders").get(0).get("files").asInt()).isEqualTo(2);
        CliRun ls = CliRun.of("ls", project.manifest().toString());
        assertThat(ls.out()).contains("uncovered: 1 folder(s)").containsPattern("uncovered\\s+2 file\\(s\\)\\s+"
                + "shop/refunds/");

        project.writeManifest(ORDERS, "uncoveredFolders: fail\n");
        CliRun failed = run();
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.out()).contains("error: run: folder shop/refunds/");
        assertThat(json().get("passed").asBoolean()).isFalse();
        assertThat(json().get("problems").get(0).asText()).contains("shop/refunds/ (uncoveredFolders: fail)");

        project.writeManifest(ORDERS, "uncoveredFolders: fail\nignore: [\"shop/refund*\"]\n");
        CliRun ignored = run();
        assertThat(ignored.exitCode()).as(ignored.out()).isZero();
        assertThat(ignored.out()).doesNotContain("refunds");
        assertThat(json().get("uncoveredFolders")).isEmpty();
    }

    @Test
    void theReportReconcilesRecordsReadWithRowsLoadedRejectedDroppedAndMerged() throws IOException {
        project.write("crm/customers/LOAD00000001.csv", "1,Ann\n2,Bo\n2,Be\n3,\n");
        project.writeManifest("""
                - name: customers
                  from: crm/customers/
                  columns: [ { name: id, type: bigint }, { name: name, type: "varchar(2)" } ]
                  primaryKey: [id]
                  mode: upsert
                  maxRejects: 5
                """);

        CliRun result = run();

        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        // Ann does not fit varchar(2); 2,Bo loses to 2,Be; 3 loads with a NULL name.
        assertThat(result.out()).containsPattern("customers\\s+loaded\\s+1\\s+4\\s+2\\s+1\\s+0\\s+1");
        JsonNode table = json().get("tables").get(0);
        assertThat(table.get("rowsRead").asLong()).isEqualTo(4);
        assertThat(table.get("rowsLoaded").asLong()).isEqualTo(2);
        assertThat(table.get("rowsRejected").asLong()).isEqualTo(1);
        assertThat(table.get("rowsDropped").asLong()).isZero();
        assertThat(table.get("rowsMerged").asLong()).isEqualTo(1);
    }
}
