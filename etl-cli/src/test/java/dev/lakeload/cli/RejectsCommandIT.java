package dev.lakeload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakeload.testkit.process.ChildProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lakeload rejects}: listing, exporting for a fix, resolving, and when a reject counts as dealt with. */
class RejectsCommandIT {
    private static final String ORDERS = """
            - name: orders
              from: shop/orders/
              columns: [ { name: id, type: bigint }, { name: note, type: text }, { name: amount, type: "numeric(12,2)" } ]
              maxRejects: 5
            """;
    private static final String CUSTOMERS = """
            - name: customers
              from: shop/customers/
              columns: [ { name: id, type: bigint }, { name: name, type: text } ]
            """;

    @TempDir
    Path dir;

    private CliProject project;

    @BeforeEach
    void setUp() {
        project = new CliProject(dir, "rejects");
        // Line 2: a NULL note and a bad amount; line 4 spans two lines and has an empty note, and a bad id.
        project.write("shop/orders/LOAD00000001.csv", "1,ok,1.50\n2,,oops\n3,\"\",3.00\n\"x4\",\"two\nlines\",4.00\n");
        project.write("shop/customers/LOAD00000001.csv", "10,Ann\n");
    }

    private String runId(String... options) throws IOException {
        Path report = dir.resolve("report.json");
        String[] args = new String[options.length + 4];
        args[0] = "run";
        args[1] = project.manifest().toString();
        args[2] = "--report";
        args[3] = report.toString();
        System.arraycopy(options, 0, args, 4, options.length);
        CliRun run = CliRun.of(args);
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        return new ObjectMapper().readTree(report.toFile()).get("runId").asText();
    }

    private CliRun rejects(String... options) {
        return CliRun.of("rejects", project.manifest(), options);
    }

    @Test
    void listsEachRejectWithFileLineColumnValueAndReasonAsATableAndAsJson() throws IOException {
        project.writeManifest(ORDERS + CUSTOMERS);
        String runId = runId();

        CliRun text = rejects();
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).containsPattern("TABLE\\s+RUN\\s+FILE\\s+LINE\\s+COLUMN\\s+VALUE\\s+REASON")
                .containsPattern("orders\\s+" + runId + "\\s+shop/orders/LOAD00000001.csv\\s+2\\s+amount\\s+oops"
                        + "\\s+not a valid numeric\\(12,2\\)")
                .containsPattern("orders\\s+" + runId + "\\s+shop/orders/LOAD00000001.csv\\s+4\\s+id\\s+x4")
                .contains("2 of 2 open reject(s)");

        CliRun json = rejects("--output", "json", "--limit", "1");
        JsonNode root = new ObjectMapper().readTree(json.out());
        assertThat(root.get("total").asLong()).isEqualTo(2);
        assertThat(root.get("rejects")).hasSize(1);
        JsonNode first = root.get("rejects").get(0);
        assertThat(first.get("table").asText()).isEqualTo("orders");
        assertThat(first.get("runId").asText()).isEqualTo(runId);
        assertThat(first.get("file").asText()).isEqualTo("shop/orders/LOAD00000001.csv");
        assertThat(first.get("line").asLong()).isEqualTo(2);
        assertThat(first.get("column").asText()).isEqualTo("amount");
        assertThat(first.get("rawValue").asText()).isEqualTo("oops");
        assertThat(first.get("reason").asText()).contains("numeric(12,2)");
        assertThat(first.get("dealtWith").isNull()).isTrue();
        assertThat(rejects("--limit", "1").out()).contains("1 of 2 open reject(s); --limit 2 shows them all");
        assertThat(rejects("--table", "customers").out()).contains("no open rejects");
        CliRun unknownRun = rejects("--run", "20000101t000000_000000");
        assertThat(unknownRun.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(unknownRun.err()).contains("--run 20000101t000000_000000: no such run in the ledger");
    }

    @Test
    void exportedRowsFixedAndDroppedIntoTheFolderLoadAndResolveThroughBinLakeload() throws IOException {
        project.writeManifest(ORDERS + CUSTOMERS);
        String runId = runId();
        Path export = dir.resolve("fix/orders.csv");
        String manifest = project.manifest().toString();

        ChildProcess.Result exported = CliProject.lakeload(Map.of(), "rejects", manifest, "--table", "orders",
                "--export", export.toString());
        assertThat(exported.exitCode()).as(exported.output()).isZero();
        assertThat(exported.output()).contains("wrote 2 record(s) of 2 open reject(s) to " + export,
                "lakeload rejects " + manifest + " --resolve --table orders --run " + runId);
        // Whole records, NULL as an unquoted empty field and the empty string quoted, as DMS writes them.
        assertThat(Files.readString(export)).isEqualTo("2,,oops\nx4,\"two\nlines\",4.00\n");

        Files.writeString(export, Files.readString(export).replace("oops", "2.00").replace("x4", "4"));
        Files.copy(export, dir.resolve("lake/shop/orders/LOAD90000001.csv"));
        ChildProcess.Result run = CliProject.lakeload(Map.of(), "run", manifest, "--table", "orders");
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(project.db().query("SELECT id::text, note, amount::text FROM orders ORDER BY id")).containsExactly(
                List.of("1", "ok", "1.50"), Arrays.asList("2", null, "2.00"), List.of("3", "", "3.00"),
                List.of("4", "two\nlines", "4.00"));

        ChildProcess.Result resolved = CliProject.lakeload(Map.of(), "rejects", manifest, "--resolve", "--table",
                "orders", "--run", runId);
        assertThat(resolved.exitCode()).as(resolved.output()).isZero();
        assertThat(resolved.output()).contains("resolved 2 reject(s)");
        assertThat(rejects().out()).contains("no open rejects");
        assertThat(rejects("--all").out()).containsPattern("amount\\s+oops\\s+.*\\s+resolved");
        assertThat(CliRun.of("status", manifest, "--output", "json").out()).contains("\"openRejects\" : 0");
    }

    @Test
    void aFileThatALaterRunLoadsAgainDealsWithItsRejects() throws IOException {
        project.writeManifest(ORDERS + "  mode: replace\n");
        runId();
        project.write("shop/orders/LOAD00000001.csv", "1,ok,1.50\n2,,2.00\n3,\"\",3.00\n4,x,4.00\n");
        runId();
        assertThat(rejects().out()).contains("no open rejects");
        JsonNode all = new ObjectMapper().readTree(rejects("--all", "--output", "json").out());
        assertThat(all.get("rejects")).hasSize(2);
        assertThat(all.get("rejects").get(0).get("dealtWith").asText()).isEqualTo("reloaded");
    }

    @Test
    void aFileRewrittenSinceItsRowsWereRejectedIsNotExported() throws IOException {
        project.writeManifest(ORDERS);
        runId();
        // The rejected lines 2 and 4 still start records, which are not the rejected ones.
        project.write("shop/orders/LOAD00000001.csv", "1,ok,1.50\n2,CHANGED,9.99\n3,\"\",3.00\n4,new,4.00\n");
        Path export = dir.resolve("fix/orders.csv");

        CliRun exported = rejects("--table", "orders", "--export", export.toString());

        assertThat(exported.exitCode()).as(exported.out() + exported.err()).isEqualTo(ExitCodes.DATA);
        assertThat(exported.err()).contains("shop/orders/LOAD00000001.csv", "the file has changed since its rows were "
                + "rejected", "nothing was exported");
        assertThat(Files.exists(export)).isFalse();
        assertThat(rejects().out()).contains("oops");
    }

    @Test
    void wrongCombinationsAreUsageErrorsThatSayWhatToDo() {
        project.writeManifest(ORDERS + CUSTOMERS);
        CliRun twoTables = rejects("--export", dir.resolve("x.csv").toString());
        assertThat(twoTables.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(twoTables.err()).contains("--export writes the rows of one table", "--table",
                "orders, customers");
        CliRun both = rejects("--export", dir.resolve("x.csv").toString(), "--resolve", "--table", "orders");
        assertThat(both.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(both.err()).contains("--export and --resolve go in turn");
        CliRun resolveUnknownRun = rejects("--resolve", "--run", "20261203t000000_nope00");
        assertThat(resolveUnknownRun.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(resolveUnknownRun.err()).contains("--run 20261203t000000_nope00: no such run in the ledger");
        CliRun limit = rejects("--limit", "0");
        assertThat(limit.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(limit.err()).contains("--limit must be at least 1");
        assertThat(Files.exists(dir.resolve("x.csv"))).isFalse();
    }
}
