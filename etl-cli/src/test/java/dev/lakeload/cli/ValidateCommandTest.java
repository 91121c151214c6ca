package dev.lakeload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lakeload validate} refuses what {@code run} would refuse, naming file, line and key, without a database or
 * a source; and what every subcommand checks before it connects anywhere.
 */
class ValidateCommandTest {
    @TempDir
    Path dir;

    /** A manifest of two tables on a server that is never contacted; {@code extraOrderKeys} go to orders. */
    private Path shopManifest(String extraOrderKeys) throws IOException {
        return Files.writeString(dir.resolve("shop.yaml"), ShopManifest.yaml("jdbc:postgresql://127.0.0.1:1/none",
                "someone", "not-used", extraOrderKeys));
    }

    private CliRun validate(String tables) throws IOException {
        Path manifest = dir.resolve("lakeload.yaml");
        Files.writeString(manifest, """
                source:
                  local: { path: lake }
                target:
                  postgres: { url: "jdbc:postgresql://127.0.0.1:1/none" }
                tables:
                """ + tables);
        return CliRun.of("validate", manifest.toString());
    }

    @Test
    void aPrefixLeavingTheSourceIsRefused() throws IOException {
        CliRun run = validate("""
                  - name: orders
                    from: ../secret/
                    columns: [ { name: id, type: bigint } ]
                """);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("line 7, column 5 (tables[0].from): table orders: from '../secret/' must "
                + "not contain '..'");
    }

    @Test
    void rewrittenFilesIsRefusedForAReplaceTable() throws IOException {
        CliRun run = validate("""
                  - name: orders
                    from: shop/orders/
                    columns: [ { name: id, type: bigint } ]
                    mode: replace
                    rewrittenFiles: load
                """);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("line 10, column 5 (tables[0].rewrittenFiles): table orders: rewrittenFiles "
                + "does not apply to mode: replace");
        assertThat(validate("""
                  - name: orders
                    from: shop/orders/
                    columns: [ { name: id, type: bigint } ]
                    mode: replace
                """).exitCode()).isZero();
    }

    @Test
    void anUnknownSchemaEvolutionPolicyIsRefusedNamingTheChoices() throws IOException {
        CliRun run = validate("""
                  - name: orders
                    from: shop/orders/
                    columns: [ { name: id, type: bigint } ]
                    schemaEvolution: sometimes
                """);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("table orders: schemaEvolution 'sometimes' is not one of fail, addColumns, "
                + "ignore");
    }

    @Test
    void aTypeCarryingAClauseIsRefused() throws IOException {
        CliRun run = validate("""
                  - name: orders
                    from: shop/orders/
                    columns: [ { name: id, type: 'text default pg_sleep(5)' } ]
                """);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("column 'id' has an invalid type 'text default pg_sleep(5)'");
    }

    @Test
    void anAliasIsRefusedWithItsPlaceInsteadOfReadAsText() throws IOException {
        CliRun scalar = validate("""
                  - name: orders
                    from: &p shop/orders/
                    columns: [ { name: id, type: bigint } ]
                  - name: orders_copy
                    from: *p
                    columns: [ { name: id, type: bigint } ]
                """);

        assertThat(scalar.exitCode()).isEqualTo(2);
        assertThat(scalar.err()).contains("line 10, column 11: YAML alias '*p' is not supported");

        CliRun list = validate("""
                  - name: orders
                    from: shop/orders/
                    columns: &cols [ { name: id, type: bigint } ]
                  - name: orders_copy
                    from: shop/orders_copy/
                    columns: *cols
                """);

        assertThat(list.exitCode()).isEqualTo(2);
        assertThat(list.err()).contains("line 11, column 14: YAML alias '*cols' is not supported");
    }

    @Test
    void anAliasWithoutAnchorIsRefusedToo() throws IOException {
        CliRun run = validate("""
                  - name: orders
                    from: *p
                    columns: [ { name: id, type: bigint } ]
                """);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("line 7, column 11: YAML alias '*p'");
    }

    @Test
    void anUnknownKeyIsNamedWithItsLine() throws IOException {
        Path manifest = shopManifest("");
        Files.writeString(manifest, Files.readString(manifest).replace("primaryKey: [id]", "primaryKy: [id]"));

        CliRun run = CliRun.of("validate", manifest.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(manifest.toString(), "line 16, column 5", "unknown key 'primaryKy'",
                "primaryKey");
    }

    @Test
    void invalidValuesAreNamedWithTheirKey() throws IOException {
        Path manifest = shopManifest("    mode: upsert_everything");
        assertThat(CliRun.of("validate", manifest.toString()).err()).contains("'upsert_everything' is not one of",
                "append", "tables[0].mode");

        shopManifest("    format: { delimiter: ';;' }");
        assertThat(CliRun.of("validate", manifest.toString()).err()).contains("format.delimiter must be exactly "
                + "one character");

        shopManifest("    format: { type: parquet }");
        assertThat(CliRun.of("validate", manifest.toString()).err()).contains("format.type 'parquet' is not "
                + "supported; use one of: csv");

        Files.writeString(manifest, Files.readString(manifest).replace("${LAKELOAD_TEST_UNSET_USER:-someone}",
                "${LAKELOAD_TEST_UNSET_USER}"));
        CliRun unset = CliRun.of("validate", manifest.toString());
        assertThat(unset.exitCode()).isEqualTo(2);
        assertThat(unset.err()).contains("LAKELOAD_TEST_UNSET_USER is not set", "line 6");
    }

    @Test
    void aGoodManifestIsValidAndUsageErrorsExitTwo() throws IOException {
        CliRun run = CliRun.of("validate", shopManifest("").toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("valid, 2 table(s): orders, customers");

        assertThat(CliRun.of("run", "--no-such-option").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("validate", dir.resolve("missing.yaml").toString()).err()).contains("does not exist");
        assertThat(CliRun.of("--version").out()).startsWith("lakeload ");
    }

    @Test
    void invalidTableSettingsAndSourcesNameTheirManifestLine() throws IOException {
        Path manifest = shopManifest("    maxRejects: -1");
        CliRun table = CliRun.of("validate", manifest.toString());
        assertThat(table.exitCode()).isEqualTo(2);
        assertThat(table.err()).contains(manifest + ", line 17, column 5 (tables[0].maxRejects): table orders: "
                + "maxRejects cannot be negative");

        Files.writeString(manifest, Files.readString(manifest).replace("local: { path: lake }",
                "s3: { bucket: \"s3://lake/dms\" }"));
        CliRun source = CliRun.of("validate", manifest.toString());
        assertThat(source.exitCode()).isEqualTo(2);
        assertThat(source.err()).contains(manifest + ", line 1 (source): source.s3.bucket", "source.s3.prefix");
    }

    @Test
    void runAndLsRefuseAnUnknownTableAlikeBeforeConnecting() throws IOException {
        Path manifest = shopManifest("");
        for (String command : new String[] {"run", "ls"}) {
            CliRun run = CliRun.of(command, manifest.toString(), "--table", "customers", "--table", "nope");

            assertThat(run.exitCode()).as(command).isEqualTo(2);
            assertThat(run.err()).as(command).contains("--table nope: the manifest has no such table (it has "
                    + "orders, customers)");
        }
    }

    @Test
    void upsertWithoutAPrimaryKeyIsRefused() throws IOException {
        CliRun run = validate("""
                  - name: orders
                    from: shop/orders/
                    columns: [ { name: id, type: bigint } ]
                    mode: upsert
                """);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("line 9, column 5 (tables[0].mode): table orders: mode upsert merges rows "
                + "on primaryKey");
    }

    @Test
    void cdcOptionsAreChecked() throws IOException {
        CliRun run = validate("""
                  - name: orders
                    from: shop/orders/
                    columns: [ { name: id, type: bigint } ]
                    primaryKey: [id]
                    mode: cdc
                    cdc: { operations: deletesOnly }
                """);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("line 11, column 12 (tables[0].cdc.operations): cdc.operations: "
                + "'deletesOnly' is not one of all, insertsOnly");
    }

    /** Validates a cdc table of two columns with {@code extraKeys} added to it. */
    private CliRun validateCdc(String extraKeys) throws IOException {
        return validate("""
                  - name: orders
                    from: shop/orders/
                    columns: [ { name: id, type: bigint }, { name: status, type: text } ]
                    primaryKey: [id]
                    mode: cdc
                """ + extraKeys.indent(4));
    }

    @Test
    void cdcKeptColumnsSoftDeleteAndLateFilesAreChecked() throws IOException {
        CliRun unknown = validateCdc("cdc: { softDeletes: true }");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("line 11", "unknown key 'softDeletes'", "softDelete");

        CliRun clash = validateCdc("cdc: { opColumn: status }");
        assertThat(clash.exitCode()).isEqualTo(2);
        assertThat(clash.err()).contains("line 11, column 12 (tables[0].cdc.opColumn): table orders: cdc.opColumn "
                + "'status' is also a field of the files (columns)");

        CliRun noMark = validateCdc("cdc: { softDelete: true }");
        assertThat(noMark.exitCode()).isEqualTo(2);
        assertThat(noMark.err()).contains("line 11, column 12 (tables[0].cdc.softDelete): cdc.softDelete: true "
                + "needs cdc.opColumn");

        CliRun noTime = validateCdc("cdc: { commitTimeColumn: committed_at }");
        assertThat(noTime.exitCode()).isEqualTo(2);
        assertThat(noTime.err()).contains("line 11, column 12 (tables[0].cdc.commitTimeColumn): "
                + "cdc.commitTimeColumn 'committed_at' needs cdc.timestampColumn");

        CliRun same = validateCdc("cdc: { timestampColumn: ts, opColumn: meta, commitTimeColumn: meta }");
        assertThat(same.exitCode()).isEqualTo(2);
        assertThat(same.err()).contains("cdc.opColumn and cdc.commitTimeColumn are both 'meta'");

        CliRun reserved = validateCdc("cdc: { opColumn: _lakeload_deleted }");
        assertThat(reserved.exitCode()).isEqualTo(2);
        assertThat(reserved.err()).contains("line 11, column 12 (tables[0].cdc.opColumn): cdc.opColumn "
                + "'_lakeload_deleted' begins with _lakeload_, which lakeload reserves");

        CliRun late = validateCdc("cdc: { lateChangeFiles: skip }");
        assertThat(late.exitCode()).isEqualTo(2);
        assertThat(late.err()).contains("line 11, column 12 (tables[0].cdc.lateChangeFiles): "
                + "cdc.lateChangeFiles: 'skip' is not one of fail, apply");

        CliRun valid = validateCdc("cdc: { timestampColumn: ts, opColumn: dms_op, commitTimeColumn: committed_at, "
                + "softDelete: true, lateChangeFiles: apply }");
        assertThat(valid.exitCode()).as(valid.err()).isZero();
    }

    @Test
    void cdcWithAHeaderIsRefused() throws IOException {
        CliRun run = validateCdc("format: { header: true }");

        assertThat(run.exitCode()).isEqualTo(2);
        // About the mode and the header together, so it names the table's entry.
        assertThat(run.err()).contains("line 6, column 5 (tables[0]): table orders: mode cdc reads files without a "
                + "header only", "set format.header: false");
    }

    @Test
    void aNonTextScalarIsRefusedWhereTextIsExpected() throws IOException {
        CliRun flag = validateCdc("cdc:\n  timestampColumn: true");
        assertThat(flag.exitCode()).isEqualTo(2);
        assertThat(flag.err()).contains("line 12, column 7 (tables[0].cdc.timestampColumn): expected text, found "
                + "the YAML boolean true: put the value in quotes to mean it as text");

        CliRun number = validate("""
                  - name: orders
                    from: shop/orders/
                    columns: [ { name: id, type: bigint } ]
                    primaryKey: [ 7 ]
                """);
        assertThat(number.exitCode()).isEqualTo(2);
        assertThat(number.err()).contains("line 9, column 19 (tables[0].primaryKey[0]): expected text, found the "
                + "YAML number 7");

        CliRun quoted = validateCdc("cdc: { timestampColumn: 'true' }");
        assertThat(quoted.exitCode()).as(quoted.err()).isZero();
    }

    @Test
    void aTablesCheckNamesTheDefaultItTookTheValueFrom() throws IOException {
        Path manifest = dir.resolve("lakeload.yaml");
        Files.writeString(manifest, """
                source:
                  local: { path: lake }
                defaults:
                  maxRejects: -1
                tables:
                  - name: orders
                    from: shop/orders/
                    columns: [ { name: id, type: bigint } ]
                """);

        CliRun run = CliRun.of("validate", manifest.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(manifest + ", line 4, column 3 (tables[0].maxRejects, set in defaults): "
                + "table orders: maxRejects cannot be negative");

        Files.writeString(manifest, Files.readString(manifest).replace("maxRejects: -1", "mode: upsert"));
        CliRun upsert = CliRun.of("validate", manifest.toString());
        assertThat(upsert.exitCode()).isEqualTo(2);
        assertThat(upsert.err()).contains(manifest + ", line 4, column 3 (tables[0].mode, set in defaults): table "
                + "orders: mode upsert merges rows on primaryKey");
    }

    @Test
    void aTableListedTwiceInOneFileNamesBothLines() throws IOException {
        CliRun run = validate("""
                  - name: orders
                    from: shop/orders/
                  - name: orders
                    from: shop/orders2/
                """);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("line 8, column 5: table 'orders' is listed twice, here and at line 6; a "
                + "table is listed once");
    }
}
