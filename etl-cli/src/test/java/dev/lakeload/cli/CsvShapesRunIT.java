package dev.lakeload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakeload.testkit.pg.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV shapes that must land whole, or fail naming where: empty lines, large fields, through the command line. */
class CsvShapesRunIT {
    @TempDir
    Path dir;

    private CliProject project;
    private TestDatabase db;
    private Path manifest;

    @BeforeEach
    void setUp() {
        project = new CliProject(dir, "csvshapes");
        db = project.db();
        manifest = project.manifest();
    }

    @Test
    void everyLineOfAOneColumnFileIsARowAndEmptyLinesElsewhereAreNoted() throws IOException {
        project.write("shop/codes/LOAD00000001.csv", "a\n\nb\n\"\"\n\nc\n");
        project.write("shop/orders/LOAD00000001.csv", "1,x\n\n2,y\r\n\r\n\n3,z\n");
        project.writeManifest("""
                - name: codes
                  from: shop/codes/
                  columns: [ { name: code, type: text } ]
                - name: orders
                  from: shop/orders/
                  columns: [ { name: id, type: bigint }, { name: note, type: text } ]
                """);
        Path report = dir.resolve("report.json");

        CliRun run = CliRun.of("run", manifest.toString(), "--report", report.toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(db.query("SELECT code, code IS NULL FROM public.codes ORDER BY code NULLS LAST")).containsExactly(
                Arrays.asList("", "f"), Arrays.asList("a", "f"), Arrays.asList("b", "f"), Arrays.asList("c", "f"),
                Arrays.asList(null, "t"), Arrays.asList(null, "t"));
        assertThat(run.out()).containsPattern("codes\\s+loaded\\s+1\\s+6\\s+6\\s+0")
                .containsPattern("orders\\s+loaded\\s+1\\s+3\\s+3\\s+0")
                .contains("note: orders: 3 empty line(s) skipped in shop/orders/LOAD00000001.csv (first: line 2)")
                .doesNotContainPattern("note: codes: .*empty line");
        JsonNode orders = new ObjectMapper().readTree(report.toFile()).get("tables").get(1);
        assertThat(orders.get("notes").get(0).asText()).startsWith("3 empty line(s) skipped");
        assertThat(db.queryValue("SELECT string_agg(id::text, ',' ORDER BY id) FROM public.orders"))
                .isEqualTo("1,2,3");
    }

    @Test
    void aFieldOverFormatMaxFieldBytesFailsItsTableNamingFileLineAndTheOption() throws IOException {
        project.write("mongo/devices/LOAD00000001.csv", "1,\"{\"\"a\"\": 1}\"\n\n2,\"{\"\"b\"\": \"\"" + "x".repeat(100)
                + "\"\"}\"\n");
        project.writeManifest("""
                - name: devices
                  from: mongo/devices/
                  format: { maxFieldBytes: 100 }
                  columns: [ { name: _id, type: text }, { name: _doc, type: jsonb } ]
                """);

        CliRun run = CliRun.of("run", manifest.toString());

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.out()).contains("error: devices: mongo/devices/LOAD00000001.csv, line 3, column _doc: field 2 "
                + "is larger than format.maxFieldBytes = 100 bytes (it has 115 bytes)");
        assertThat(db.tables("public")).isEmpty();

        project.writeManifest("""
                - name: devices
                  from: mongo/devices/
                  format: { maxFieldBytes: 200 }
                  columns: [ { name: _id, type: text }, { name: _doc, type: jsonb } ]
                """);
        CliRun raised = CliRun.of("run", manifest.toString());
        assertThat(raised.exitCode()).as(raised.out()).isZero();
        assertThat(db.queryValue("SELECT count(*) FROM public.devices")).isEqualTo("2");
    }

    @Test
    void anInvalidMaxFieldBytesNamesItsManifestLine() throws IOException {
        project.write("t/LOAD00000001.csv", "1\n");
        project.writeManifest("""
                - name: t
                  from: t/
                  format: { maxFieldBytes: 0 }
                  columns: [ { name: id, type: bigint } ]
                """);

        CliRun run = CliRun.of("validate", manifest.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(manifest + ", line 8, column 15 (tables[0].format.maxFieldBytes): "
                + "format.maxFieldBytes must be between 1 and 1073741823");
        List<String> lines = Files.readAllLines(manifest);
        assertThat(lines.get(7).substring(14)).startsWith("maxFieldBytes: 0");
    }
}
