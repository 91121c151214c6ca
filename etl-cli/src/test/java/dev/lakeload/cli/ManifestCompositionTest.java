package dev.lakeload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.cli.manifest.Manifest;
import dev.lakeload.cli.manifest.ManifestLoader;
import dev.lakeload.core.config.CsvFormat;
import dev.lakeload.core.config.LoadMode;
import dev.lakeload.core.config.NulPolicy;
import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.source.Compression;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code defaults:}, {@code include:} and typo hints, through {@code validate} and {@code run} (which refuse the
 * same manifests with exit code 2 before connecting anywhere) and the table specs a manifest turns into.
 */
class ManifestCompositionTest {
    private static final String HEAD = """
            source:
              local: { path: lake }
            target:
              postgres: { url: "jdbc:postgresql://127.0.0.1:1/none" }
            """;

    @TempDir
    Path dir;

    private Path write(String name, String yaml) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, yaml);
    }

    private static List<CliRun> validateAndRun(Path manifest) {
        return List.of(CliRun.of("validate", manifest.toString()), CliRun.of("run", manifest.toString()));
    }

    @Test
    void defaultsApplyToEveryTableAndATablesOwnValueWins() throws IOException {
        Path manifest = write("lakeload.yaml", HEAD + """
                defaults:
                  mode: upsert
                  primaryKey: [id]
                  maxRejects: 5
                  format: { header: true, delimiter: ";" }
                  freshness: { warnAfter: 2h }
                tables:
                  - name: orders
                    from: shop/orders/
                  - name: customers
                    from: shop/customers/
                    mode: append
                    primaryKey: []
                    format: { delimiter: "|" }
                    freshness: ~
                """);

        Map<String, TableSpec> tables = specs(manifest);

        TableSpec orders = tables.get("orders");
        assertThat(orders.mode()).isEqualTo(LoadMode.UPSERT);
        assertThat(orders.primaryKey()).containsExactly("id");
        assertThat(orders.maxRejects()).isEqualTo(5);
        assertThat(orders.freshness()).isNotNull();
        assertThat(orders.format()).isEqualTo(new CsvFormat(true, ';', '"', "", Compression.AUTO, List.of()));
        TableSpec customers = tables.get("customers");
        assertThat(customers.mode()).isEqualTo(LoadMode.APPEND);
        assertThat(customers.primaryKey()).isEmpty();
        assertThat(customers.maxRejects()).isEqualTo(5);
        assertThat(customers.freshness()).as("a table's null drops the default").isNull();
        // nested mappings merge key by key: the default's header stays, the table's delimiter wins
        assertThat(customers.format()).isEqualTo(new CsvFormat(true, '|', '"', "", Compression.AUTO, List.of()));
        assertThat(CliRun.of("validate", manifest.toString()).out()).contains("valid, 2 table(s): orders, customers");
    }

    @Test
    void includedFilesAddTheirTablesRelativeToTheIncludingFileAndTakeTheDefaults() throws IOException {
        write("tables/sales.yaml", """
                include: more/hr.yaml
                tables:
                  - { name: orders, from: shop/orders/ }
                """);
        write("tables/more/hr.yaml", """
                tables:
                  - { name: staff, from: hr/staff/, nulBytes: strip }
                """);
        Path manifest = write("lakeload.yaml", HEAD + """
                defaults: { nulBytes: replace, columns: [ { name: id, type: bigint } ] }
                include: [tables/sales.yaml]
                tables:
                  - { name: customers, from: shop/customers/ }
                """);

        Map<String, TableSpec> tables = specs(manifest);

        assertThat(tables.keySet()).containsExactly("customers", "orders", "staff");
        assertThat(tables.get("orders").nulPolicy()).isEqualTo(NulPolicy.REPLACE);
        assertThat(tables.get("staff").nulPolicy()).isEqualTo(NulPolicy.STRIP);
        assertThat(CliRun.of("validate", manifest.toString()).exitCode()).isZero();
    }

    @Test
    void aTableInTwoFilesIsRefusedNamingBoth() throws IOException {
        Path other = write("other.yaml", """
                tables:
                  - { name: extra, from: shop/extra/ }
                  - { name: orders, from: shop/orders2/ }
                """);
        Path manifest = write("lakeload.yaml", HEAD + """
                include: other.yaml
                tables:
                  - { name: orders, from: shop/orders/ }
                """);

        for (CliRun run : validateAndRun(manifest)) {
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains(other + ", line 3, column 5: table 'orders' is also in " + manifest
                    + ", line 7");
        }
    }

    @Test
    void anIncludeCycleIsRefusedNamingBothFiles() throws IOException {
        Path a = write("a.yaml", "include: b.yaml\ntables:\n  - { name: one, from: x/one/ }\n");
        Path b = write("b.yaml", "include: a.yaml\n");
        Path manifest = write("lakeload.yaml", HEAD + "include: a.yaml\n");

        for (CliRun run : validateAndRun(manifest)) {
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains(b + ", line 1, column 1 (include): " + b + " includes " + a
                    + ", which includes " + b + " again", "remove one of the includes");
        }
    }

    @Test
    void includeProblemsNameTheFileAndKey() throws IOException {
        Path manifest = write("lakeload.yaml", HEAD + "include: [missing.yaml]\n");
        assertThat(CliRun.of("validate", manifest.toString()).err()).contains("included manifest "
                + dir.resolve("missing.yaml") + " (include of " + manifest + ", line 5) does not exist");

        Path withSource = write("part.yaml", "tables: []\nsource: { local: { path: other } }\n");
        write("lakeload.yaml", HEAD + "include: part.yaml\ntables: [ { name: a, from: a/ } ]\n");
        CliRun run = CliRun.of("run", manifest.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(withSource + ", line 2, column 1: an included manifest holds only tables "
                + "and include; 'source' belongs in " + manifest);
    }

    @Test
    void aTypoedKeyNamesTheClosestKeyTheTableAndThePlace() throws IOException {
        Path manifest = write("lakeload.yaml", HEAD + """
                tables:
                  - name: orders
                    from: shop/orders/
                  - name: customers
                    from: shop/customers/
                    primarKey: [id]
                    format: { delimiter: ";" }
                """);

        for (CliRun run : validateAndRun(manifest)) {
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains(manifest + ", line 10, column 5 (tables[1].primarKey): unknown key "
                    + "'primarKey' of table customers; did you mean 'primaryKey'?");
        }
        Files.writeString(manifest, Files.readString(manifest).replace("primarKey", "primaryKey")
                .replace("delimiter", "delimter"));
        assertThat(CliRun.of("validate", manifest.toString()).err()).contains("line 11, column 15 "
                + "(tables[1].format.delimter): unknown key 'delimter' of table customers; did you mean 'delimiter'?");

        Files.writeString(manifest, Files.readString(manifest).replace("delimter", "zzz"));
        assertThat(CliRun.of("validate", manifest.toString()).err()).contains("unknown key 'zzz' of table "
                + "customers; expected one of: compression, delimiter, fields, header,");

        Files.writeString(manifest, HEAD.replace("local:", "locl:") + "tables: [ { name: a, from: a/ } ]\n");
        assertThat(CliRun.of("validate", manifest.toString()).err()).contains("line 2, column 3 (source.locl): "
                + "unknown key 'locl'; did you mean 'local'?");
    }

    @Test
    void defaultsKeysAreCheckedWhereTheyAreWritten() throws IOException {
        Path manifest = write("lakeload.yaml", HEAD + """
                defaults:
                  mdoe: upsert
                tables:
                  - { name: orders, from: shop/orders/ }
                """);
        for (CliRun run : validateAndRun(manifest)) {
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains(manifest + ", line 6, column 3 (defaults): unknown key 'mdoe'; did you "
                    + "mean 'mode'?");
        }

        Files.writeString(manifest, Files.readString(manifest).replace("mdoe: upsert", "from: shop/x/"));
        assertThat(CliRun.of("validate", manifest.toString()).err()).contains("(defaults): 'from' is each table's "
                + "own; set it in the table");

        Files.writeString(manifest, Files.readString(manifest).replace("from: shop/x/", "format: { quoet: x }"));
        CliRun nested = CliRun.of("validate", manifest.toString());
        assertThat(nested.exitCode()).isEqualTo(2);
        assertThat(nested.err()).contains(manifest + ", line 6, column 13 (tables[0].format.quoet, set in "
                + "defaults): unknown key 'quoet' of table orders; did you mean 'quote'?");

        Files.writeString(manifest, Files.readString(manifest).replace("format: { quoet: x }", "mode: upsrt"));
        assertThat(CliRun.of("validate", manifest.toString()).err()).contains("line 6, column 3 (tables[0].mode, "
                + "set in defaults): 'upsrt' is not one of: append, upsert, cdc, replace; did you mean 'upsert'?");
    }

    private static Map<String, TableSpec> specs(Path manifest) {
        Manifest loaded = new ManifestLoader().load(manifest);
        Map<String, TableSpec> tables = new java.util.LinkedHashMap<>();
        ManifestTables.select(loaded, manifest, null).forEach(t -> tables.put(t.name(), t));
        return tables;
    }
}
