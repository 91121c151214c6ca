package dev.lakeload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.testkit.pg.TestDatabase;
import dev.lakeload.testkit.process.ChildProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Promotion never silently alters, drops or doubles a value, seen from the command line: what it refuses is named
 * by file, line and column, and a run means the same instants on a machine in any time zone.
 */
class PromotionCliIT {
    @TempDir
    Path dir;

    private CliProject project;
    private TestDatabase db;
    private Path manifest;

    @BeforeEach
    void setUp() {
        project = new CliProject(dir, "cli_promote");
        db = project.db();
        manifest = project.manifest();
    }

    @Test
    void refusedValuesNamesAndKeysFailTheirTablesWithFileLineAndColumn() throws IOException {
        project.write("shop/codes/LOAD00000001.csv", "1,EURO,abcdefghij,101\n");
        project.write("crm/cust/LOAD00000001.csv", "id,nme\n1,Ann\n");
        project.write("shop/items/LOAD00000001.csv", "1,a\n");
        project.write("shop/items/LOAD00000002.csv", "1,z\n");
        project.writeManifest("""
                - name: codes
                  from: shop/codes/
                  columns: [ { name: id, type: bigint }, { name: cur, type: "char(3)" },
                             { name: vc, type: "varchar(5)" }, { name: bits, type: "bit(2)" } ]
                - name: cust
                  from: crm/cust/
                  format: { header: true }
                  columns: [ { name: id, type: bigint }, { name: name, type: text } ]
                - name: items
                  from: shop/items/
                  columns: [ { name: id, type: bigint }, { name: name, type: text } ]
                  primaryKey: [id]
                """);

        CliRun run = CliRun.of("run", manifest.toString());

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.out()).containsPattern("codes\\s+failed").containsPattern("cust\\s+failed")
                .containsPattern("items\\s+failed")
                .contains("error: codes: shop/codes/LOAD00000001.csv, line 1, column cur: not a valid character(3): "
                        + "value too long for type character(3)")
                .contains("error: cust: crm/cust/LOAD00000001.csv, line 1, column nme: the header names a column that is "
                        + "not among the declared columns (did you mean 'name'?)")
                .contains("error: items: shop/items/LOAD00000002.csv, line 1, column id: duplicate key (id)=(1): "
                        + "also in this load at shop/items/LOAD00000001.csv, line 1");
        assertThat(db.tables("public")).isEmpty();
    }

    @Test
    void anUnknownTimeZoneIsAManifestErrorWithItsLine() throws IOException {
        project.writeManifest("""
                - name: events
                  from: app/events/
                  columns: [ { name: at, type: timestamptz } ]
                  timeZone: Europe/Berlinn
                """);

        CliRun run = CliRun.of("validate", manifest.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(manifest + ", line 9, column 5 (tables[0].timeZone): table events: timeZone "
                + "'Europe/Berlinn' is not an IANA time zone name", "did you mean 'Europe/Berlin'?");
    }

    @Test
    void aRunOnAMachineInTokyoStoresTheInstantsTheFilesMean() throws Exception {
        project.write("app/events/LOAD00000001.csv", "1,2026-01-01 10:00:00\n");
        project.write("app/visits/LOAD00000001.csv", "1,2026-01-01 10:00:00\n");
        project.writeManifest("""
                - name: events
                  from: app/events/
                  columns: [ { name: id, type: bigint }, { name: at, type: timestamptz } ]
                - name: visits
                  from: app/visits/
                  columns: [ { name: id, type: bigint }, { name: at, type: timestamptz } ]
                  timeZone: America/New_York
                """);

        ChildProcess.Result run = CliProject.lakeload(Map.of("LAKELOAD_JAVA_OPTS", "-Duser.timezone=Asia/Tokyo"),
                "run", manifest.toString());

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(db.query("SELECT 'events', to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') FROM events "
                + "UNION ALL SELECT 'visits', to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') FROM visits"))
                .containsExactly(List.of("events", "2026-01-01 10:00"), List.of("visits", "2026-01-01 15:00"));
    }
}
