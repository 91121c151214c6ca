package dev.lakeload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakeload.testkit.files.TestFiles;
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
 * {@code mode: cdc} from the command line: a DMS full load and change files end equal to the source table, in the
 * shapes DMS writes (N and N+1 fields, Op on full-load rows or not, a commit timestamp or not, gzip) and the
 * shapes other tools get wrong (update-delete-update, insert-delete-insert, files whose key order is not their
 * time order); what it reports (primary-key changes, late change files) and what it keeps (Op, commit time, soft
 * deletes).
 */
class CdcCliIT {
    private static final String CUSTOMERS = """
            - name: customers
              from: crm/customers/
              columns: [ { name: id, type: bigint }, { name: name, type: text }, { name: city, type: text } ]
              primaryKey: [id]
              mode: cdc
            """;

    @TempDir
    Path dir;

    private CliProject project;
    private TestDatabase db;

    @BeforeEach
    void setUp() {
        project = new CliProject(dir, "cli_cdc");
        db = project.db();
    }

    private List<List<String>> customers() {
        return db.query("SELECT id::text, name, city FROM customers ORDER BY id");
    }

    private void writeGzip(String key, String content) {
        TestFiles.write(dir.resolve("lake").resolve(key), TestFiles.gzip(content));
    }

    @Test
    void aFullLoadAndChangeFilesEndEqualToTheSource() {
        // The table exists with a NOT NULL column: the empty non-key fields of a delete are never written.
        db.execute("CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL, city text)");
        project.write("crm/customers/LOAD00000001.csv", "1,Ann,Berlin\n2,Bob,Paris\n3,Cy,Rome\n4,Dee,Oslo\n");
        writeGzip("crm/customers/LOAD00000002.csv.gz", "5,Eve,Kyiv\n6,Fay,Lima\n");
        project.write("crm/customers/20260101-100000000.csv", """
                U,1,Ann,Munich
                D,2,,
                I,3,Cy,Rome
                U,7,Gus,Quito
                U,4,Dee,Bergen
                D,4,,
                U,4,Dee,Tromso
                """);
        writeGzip("crm/customers/20260101-110000000.csv.gz", """
                I,8,Hal,Cairo
                D,8,,
                I,8,Hal,Giza
                D,5,,
                U,6,Fay,Cusco
                """);
        // Key order is not time order here: b/ holds the older change.
        project.write("crm/customers/a/20260101-140000000.csv", "U,6,Fay,Latest\n");
        project.write("crm/customers/b/20260101-130000000.csv", "U,6,Fay,Older\n");
        project.writeManifest(CUSTOMERS);

        ChildProcess.Result first = CliProject.lakeload(Map.of(), "run", project.manifest().toString());

        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(customers()).containsExactly(List.of("1", "Ann", "Munich"), List.of("3", "Cy", "Rome"),
                List.of("4", "Dee", "Tromso"), List.of("6", "Fay", "Latest"), List.of("7", "Gus", "Quito"),
                List.of("8", "Hal", "Giza"));
        assertThat(db.queryValue("SELECT count(*) FROM lakeload.rejects")).isEqualTo("0");

        project.write("crm/customers/20260102-000000000.csv", "D,1,,\nU,3,Cy,Milan\n");
        CliRun second = CliRun.of("run", project.manifest().toString());
        assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
        CliRun third = CliRun.of("run", project.manifest().toString());
        assertThat(third.exitCode()).as(third.out() + third.err()).isZero();

        assertThat(customers()).containsExactly(List.of("3", "Cy", "Milan"), List.of("4", "Dee", "Tromso"),
                List.of("6", "Fay", "Latest"), List.of("7", "Gus", "Quito"), List.of("8", "Hal", "Giza"));
    }

    @Test
    void opOnFullLoadRowsAndACommitTimestampAfterOp() {
        project.write("crm/customers/LOAD00000001.csv", """
                I,2026-01-01 09:00:00.000000,1,Ann,Berlin
                I,2026-01-01 09:00:00.000000,2,Bob,Paris
                """);
        // One transaction: the same commit time on every row, so only the line orders them.
        project.write("crm/customers/20260101-100000000.csv", """
                U,2026-01-01 10:00:00.000000,1,Ann,Munich
                D,2026-01-01 10:00:00.000000,2,,
                I,2026-01-01 10:00:00.000000,2,Bob,Nice
                U,2026-01-01 10:00:00.000000,1,Ann,Hamburg
                """);
        project.writeManifest(CUSTOMERS + "  cdc: { includeOpForFullLoad: true, timestampColumn: commit_ts }\n");

        CliRun run = CliRun.of("run", project.manifest().toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(customers()).containsExactly(List.of("1", "Ann", "Hamburg"), List.of("2", "Bob", "Nice"));
    }

    @Test
    void aCommitTimestampWithoutOpOnFullLoadRows() {
        project.write("crm/customers/LOAD00000001.csv", "2026-01-01 09:00:00.000000,1,Ann,Berlin\n");
        project.writeManifest(CUSTOMERS + "  cdc: { timestampColumn: commit_ts }\n");
        // A run with the full load alone stages no Op at all.
        CliRun fullLoad = CliRun.of("run", project.manifest().toString());
        assertThat(fullLoad.exitCode()).as(fullLoad.out() + fullLoad.err()).isZero();
        assertThat(customers()).containsExactly(List.of("1", "Ann", "Berlin"));

        project.write("crm/customers/20260101-100000000.csv", "U,2026-01-01 10:00:00.000000,1,Ann,Munich\n");
        CliRun changes = CliRun.of("run", project.manifest().toString());

        assertThat(changes.exitCode()).as(changes.out() + changes.err()).isZero();
        assertThat(customers()).containsExactly(List.of("1", "Ann", "Munich"));
    }

    @Test
    void insertsOnlyAndInsertsAndUpdatesTasks() {
        // CdcInsertsOnly without IncludeOpForFullLoad: no file has Op; a re-delivered insert updates.
        project.write("crm/customers/LOAD00000001.csv", "1,Ann,Berlin\n");
        project.write("crm/customers/20260101-100000000.csv", "2,Bob,Paris\n1,Ann,Munich\n");
        project.write("shop/items/LOAD00000001.csv", "I,1,Ann,Berlin\n");
        project.write("shop/items/20260101-100000000.csv", "U,1,Ann,Munich\nI,2,Bob,Paris\n");
        project.writeManifest(CUSTOMERS + "  cdc: { operations: insertsOnly }\n" + CUSTOMERS
                .replace("name: customers", "name: items").replace("crm/customers/", "shop/items/")
                + "  cdc: { operations: insertsAndUpdates, includeOpForFullLoad: true }\n");

        CliRun run = CliRun.of("run", project.manifest().toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        List<List<String>> expected = List.of(List.of("1", "Ann", "Munich"), List.of("2", "Bob", "Paris"));
        assertThat(customers()).isEqualTo(expected);
        assertThat(db.query("SELECT id::text, name, city FROM items ORDER BY id")).isEqualTo(expected);
    }

    @Test
    void anOpThatIsNotADmsOperationFailsTheTableNamingFileAndLine() {
        project.write("crm/customers/LOAD00000001.csv", "1,Ann,Berlin\n");
        // A change record whose first field is not an Op: the fields are not what the manifest says.
        project.write("crm/customers/20260101-100000000.csv", "U,1,Ann,Munich\nX,2,Bob,Paris\n");
        project.writeManifest(CUSTOMERS);

        CliRun run = CliRun.of("run", project.manifest().toString());

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.out()).contains("crm/customers/20260101-100000000.csv, line 2, column Op",
                "'X' is not a DMS operation");
        assertThat(db.tables("public")).isEmpty();
    }

    @Test
    void aColumnNamedLikeAChangeDataFieldIsRefusedInOtherModes() {
        project.write("crm/notes/LOAD00000001.csv", "id,_lakeload_op\n1,x\n");
        project.writeManifest("""
                - name: notes
                  from: crm/notes/
                  format: { header: true }
                """);

        CliRun run = CliRun.of("run", project.manifest().toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).contains("'_lakeload_op' is a name reserved for lakeload's change-data fields");
        assertThat(db.tables("public")).isEmpty();
    }

    @Test
    void updatesOfKeysTheTableDidNotHaveAreNotedWithExampleKeys() throws IOException {
        project.write("crm/customers/LOAD00000001.csv", "1,Ann,Berlin\n2,Bob,Paris\n");
        // The source ran UPDATE customers SET id = 3 WHERE id = 2: DMS writes a U of the new key only. Key 4 is
        // inserted earlier in the same load and key 1 is in the table: neither is noted.
        project.write("crm/customers/20260101-100000000.csv", "I,4,Dee,Oslo\nU,3,Bob,Paris\nU,4,Dee,Bergen\n"
                + "U,1,Ann,Munich\nU,3,Bob,Lyon\n");
        project.writeManifest(CUSTOMERS);
        Path report = dir.resolve("report.json");

        ChildProcess.Result run = CliProject.lakeload(Map.of(), "run", project.manifest().toString(), "--report",
                report.toString());

        assertThat(run.exitCode()).as(run.output()).isZero();
        // Key 2's row stays behind: DMS never names the old key. The note says so.
        assertThat(customers()).containsExactly(List.of("1", "Ann", "Munich"), List.of("2", "Bob", "Paris"),
                List.of("3", "Bob", "Lyon"), List.of("4", "Dee", "Bergen"));
        String note = "1 update(s) of a key the table did not have and no earlier row of this load inserted";
        assertThat(run.output()).contains("note: customers: " + note,
                "Keys: id=3 (crm/customers/20260101-100000000.csv, line 2)");
        JsonNode notes = new ObjectMapper().readTree(report.toFile()).get("tables").get(0).get("notes");
        assertThat(notes.toString()).contains(note, "the row with the old key is still in the table");

        // Many such keys: the count, and the first five in load order.
        project.write("crm/customers/20260102-000000000.csv", "U,10,a,x\nU,11,b,x\nU,12,c,x\nU,13,d,x\n"
                + "U,14,e,x\nU,15,f,x\nU,3,Bob,Nice\n");
        CliRun second = CliRun.of("run", project.manifest().toString());
        assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
        assertThat(second.out()).contains("6 update(s) of a key", "First 5: id=10 (crm/customers/"
                + "20260102-000000000.csv, line 1); id=11", "id=14 (crm/customers/20260102-000000000.csv, line 5)")
                .doesNotContain("id=15", "id=3 ");
    }

    @Test
    void softDeletesKeepTheRowMarkedWithItsOpAndCommitTimeAndDeleteItsChildren() {
        project.write("mongo/devices/LOAD00000001.csv", """
                2026-01-01 09:00:00.000000,1,"{""name"": ""a"", ""tags"": [""x"", ""y""]}"
                2026-01-01 09:00:00.000000,2,"{""name"": ""b"", ""tags"": [""z""]}"
                """);
        project.write("mongo/devices/20260101-100000000.csv", """
                D,2026-01-01 10:00:00.123456,1,
                U,2026-01-01 10:00:00.123456,2,"{""name"": ""b2"", ""tags"": [""w""]}"
                """);
        project.writeManifest("""
                - name: devices
                  from: mongo/devices/
                  format: { fields: [_id, _doc] }
                  columns: [ { name: _id, type: text } ]
                  primaryKey: [_id]
                  flatten: { column: _doc, arrays: table }
                  mode: cdc
                  cdc: { timestampColumn: commit_ts, opColumn: dms_op, commitTimeColumn: dms_committed_at,
                         softDelete: true }
                """);

        ChildProcess.Result run = CliProject.lakeload(Map.of(), "run", project.manifest().toString());

        assertThat(run.exitCode()).as(run.output()).isZero();
        // The deleted row stays with its last values, marked D with the delete's commit time; its children go.
        assertThat(devices()).containsExactly(List.of("1", "a", "D", "2026-01-01 10:00:00.123456"),
                List.of("2", "b2", "U", "2026-01-01 10:00:00.123456"));
        assertThat(db.query("SELECT _id::text, value FROM devices__tags ORDER BY _id, _index"))
                .containsExactly(List.of("2", "w"));
        assertThat(db.queryValue("SELECT string_agg(column_name || ' ' || data_type, ', ' ORDER BY ordinal_position)"
                + " FROM information_schema.columns WHERE table_name = 'devices' AND column_name LIKE 'dms%'"))
                .isEqualTo("dms_op text, dms_committed_at timestamp without time zone");

        // Deleted again (a re-delivery) changes nothing; re-inserted, the key is live again with its children.
        project.write("mongo/devices/20260101-110000000.csv", """
                D,2026-01-01 10:00:00.123456,1,
                I,2026-01-01 11:00:00.000000,1,"{""name"": ""a2"", ""tags"": [""v""]}"
                """);
        CliRun again = CliRun.of("run", project.manifest().toString());
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        assertThat(devices()).containsExactly(List.of("1", "a2", "I", "2026-01-01 11:00:00"),
                List.of("2", "b2", "U", "2026-01-01 10:00:00.123456"));
        assertThat(db.query("SELECT _id::text, value FROM devices__tags ORDER BY _id, _index"))
                .containsExactly(List.of("1", "v"), List.of("2", "w"));
    }

    private List<List<String>> devices() {
        return db.query("SELECT _id::text, name, dms_op, dms_committed_at::text FROM devices ORDER BY _id");
    }

    @Test
    void withoutSoftDeleteTheKeptOpAndCommitTimeFollowEveryChangeAndFullLoadRowsAreInserts() {
        // An existing table gains the columns; full-load rows without Op are inserts (I).
        db.execute("CREATE TABLE customers (id bigint PRIMARY KEY, name text, city text)");
        project.write("crm/customers/LOAD00000001.csv", "2026-01-01 09:00:00.000000,1,Ann,Berlin\n"
                + "2026-01-01 09:00:00.000000,2,Bob,Paris\n");
        project.write("crm/customers/20260101-100000000.csv", "U,2026-01-01 10:00:00.000000,1,Ann,Berlin\n"
                + "D,2026-01-01 10:00:00.000000,2,,\n");
        project.writeManifest(CUSTOMERS + "  cdc: { timestampColumn: commit_ts, opColumn: last_op, "
                + "commitTimeColumn: committed_at }\n");

        CliRun run = CliRun.of("run", project.manifest().toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        // An update that changes no value still records its Op and time: the row is written.
        assertThat(db.query("SELECT id::text, city, last_op, committed_at::text FROM customers ORDER BY id"))
                .containsExactly(List.of("1", "Berlin", "U", "2026-01-01 10:00:00"));
        assertThat(run.out()).contains("added column customers.last_op", "added column customers.committed_at");
    }

    @Test
    void aKeptCommitTimeRefusesAFieldThatIsNotACommitTimestamp() {
        // The manifest says the task writes TimestampColumnName, but the field after Op is something else.
        project.write("crm/customers/20260101-100000000.csv", "U,2026-01-01 10:00:00.000000,1,Ann,Berlin\n"
                + "U,7,1,Ann,Munich\n");
        project.writeManifest(CUSTOMERS + "  cdc: { timestampColumn: commit_ts, commitTimeColumn: committed_at }\n");

        CliRun run = CliRun.of("run", project.manifest().toString());

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.out()).contains("crm/customers/20260101-100000000.csv, line 2, column commit timestamp: '7' "
                + "is not a DMS commit timestamp", "check timestampColumn");
        assertThat(db.tables("public")).isEmpty();
    }

    @Test
    void aLateChangeFileFailsTheTableByDefaultAndIsAppliedWhenAsked() throws IOException {
        project.write("crm/customers/LOAD00000001.csv", "1,Ann,Berlin\n");
        project.write("crm/customers/20260101-100000000.csv", "U,1,Ann,Munich\n");
        project.writeManifest(CUSTOMERS);
        assertThat(CliRun.of("run", project.manifest().toString()).exitCode()).isZero();
        // The newer file is gone from the source (a lifecycle rule), the ledger still knows it. An older one
        // arrives late: applied now, its update would overwrite the newer value.
        Files.delete(dir.resolve("lake/crm/customers/20260101-100000000.csv"));
        project.write("crm/customers/20260101-093000000.csv", "U,1,Ann,Hamburg\nI,2,Bob,Paris\n");

        CliRun listed = CliRun.of("ls", project.manifest().toString());
        assertThat(listed.out()).containsPattern("late +\\d+ +crm/customers/20260101-093000000.csv");

        ChildProcess.Result refused = CliProject.lakeload(Map.of(), "run", project.manifest().toString());

        assertThat(refused.exitCode()).as(refused.output()).isEqualTo(3);
        assertThat(refused.output()).contains("1 new change file(s) older than "
                + "crm/customers/20260101-100000000.csv, which run ", "crm/customers/20260101-093000000.csv",
                "nothing was loaded", "cdc.lateChangeFiles: apply");
        assertThat(customers()).containsExactly(List.of("1", "Ann", "Munich"));

        project.writeManifest(CUSTOMERS + "  cdc: { lateChangeFiles: apply }\n");
        CliRun applied = CliRun.of("run", project.manifest().toString());

        assertThat(applied.exitCode()).as(applied.out() + applied.err()).isZero();
        assertThat(applied.out()).contains("note: customers: 1 new change file(s) older than",
                "applied after the newer ones (cdc.lateChangeFiles: apply)");
        assertThat(customers()).containsExactly(List.of("1", "Ann", "Hamburg"), List.of("2", "Bob", "Paris"));
        // New files in time order are not late, and neither is the late one once loaded.
        project.write("crm/customers/20260101-110000000.csv", "U,2,Bob,Lyon\n");
        project.writeManifest(CUSTOMERS);
        CliRun next = CliRun.of("run", project.manifest().toString());
        assertThat(next.exitCode()).as(next.out() + next.err()).isZero();
        assertThat(next.out()).doesNotContain("older than");
        assertThat(customers()).containsExactly(List.of("1", "Ann", "Hamburg"), List.of("2", "Bob", "Lyon"));
    }
}
