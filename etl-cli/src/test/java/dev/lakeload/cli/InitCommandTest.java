package dev.lakeload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.testkit.files.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lakeload init} and {@code infer} in-process, on local folders: what they write, print and refuse. */
class InitCommandTest {
    @TempDir
    Path dir;

    private CliRun init(String... more) {
        String[] args = new String[more.length + 5];
        args[0] = "init";
        args[1] = "--from";
        args[2] = dir.resolve("lake").toString();
        args[3] = "--output";
        args[4] = dir.resolve("lakeload.yaml").toString();
        System.arraycopy(more, 0, args, 5, more.length);
        return CliRun.of(args);
    }

    @Test
    void writesACommentedManifestThatValidates() throws IOException {
        DmsLake.writeTo(dir.resolve("lake"));

        CliRun init = init();

        assertThat(init.exitCode()).as(init.err()).isZero();
        assertThat(init.out()).contains("4 DMS table folder(s)")
                .containsPattern("crm/accounts/\\s+cdc on col1")
                .containsPattern("mongo/devices/\\s+cdc on _id, 1 column")
                .containsPattern("shop/orders/\\s+append, 8 column\\(s\\), 3 row\\(s\\) sampled from 1 file")
                .contains("wrote " + dir.resolve("lakeload.yaml"));
        String manifest = Files.readString(dir.resolve("lakeload.yaml"));
        assertThat(manifest).contains("source:\n  local: { path: lake }")
                .contains("  - name: orders\n    from: shop/orders/\n    exclude: [notes.txt]\n    columns:\n"
                        + "      - { name: col1, type: bigint }")
                .contains("      - { name: col3, type: text }")
                .contains("      - { name: col4, type: \"numeric(8,2)\" }")
                .contains("      - { name: col5, type: timestamp }")
                .contains("      - { name: col6, type: boolean }")
                .contains("      - { name: col7, type: date }")
                .contains("  - name: customers\n    from: shop/customers/\n    format: { header: true }")
                .contains("      - { name: score, type: \"double precision\" }")
                .contains("    primaryKey: [col1]\n    mode: cdc")
                .contains("    format: { fields: [_id, _doc] }\n    columns:\n      - { name: _id, type: text }\n"
                        + "    primaryKey: [_id]\n    mode: cdc\n    flatten: { column: _doc, arrays: table }")
                .contains("# - the files have no header (DMS AddColumnName=false)");
        assertThat(manifest.lines()).allMatch(line -> line.length() <= 120);

        CliRun validate = CliRun.of("validate", dir.resolve("lakeload.yaml").toString());

        assertThat(validate.exitCode()).as(validate.err()).isZero();
        assertThat(validate.out()).contains("valid, 4 table(s): accounts, devices, customers, orders");
    }

    @Test
    void refusesToOverwriteAnExistingManifestUnlessForced() throws IOException {
        DmsLake.writeTo(dir.resolve("lake"));
        Files.writeString(dir.resolve("lakeload.yaml"), "# mine\n");

        CliRun refused = init();

        assertThat(refused.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(refused.err()).contains(dir.resolve("lakeload.yaml") + " exists").contains("--force");
        assertThat(Files.readString(dir.resolve("lakeload.yaml"))).isEqualTo("# mine\n");

        CliRun forced = init("--force");

        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(Files.readString(dir.resolve("lakeload.yaml"))).contains("  - name: orders");
    }

    @Test
    void aFolderWithoutDmsFilesIsAnErrorSayingWhatInitLooksFor() throws IOException {
        TestFiles.write(dir.resolve("lake/notes/readme.txt"), "no DMS files here\n");

        CliRun init = init();

        assertThat(init.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(init.err()).contains("--from " + dir.resolve("lake") + ": no DMS files found")
                .contains("LOAD00000001.csv");
        assertThat(dir.resolve("lakeload.yaml")).doesNotExist();

        CliRun missing = CliRun.of("init", "--from", dir.resolve("nowhere").toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(missing.err()).contains("--from " + dir.resolve("nowhere") + ": no such folder");
    }

    @Test
    void aFileThatCannotBeReadFailsNamingIt() {
        DmsLake.writeTo(dir.resolve("lake"));
        TestFiles.write(dir.resolve("lake/shop/broken/LOAD00000001.csv.gz"), "not gzip at all");

        CliRun init = init();

        assertThat(init.exitCode()).isEqualTo(ExitCodes.DATA);
        assertThat(init.err()).contains("shop/broken/LOAD00000001.csv.gz").contains("cannot be read")
                .contains("fix or remove that file");
        assertThat(dir.resolve("lakeload.yaml")).doesNotExist();
    }

    @Test
    void inferPrintsATablesColumnsBlockWithTheManifestsNamesAndChangesNothing() throws IOException {
        DmsLake.writeTo(dir.resolve("lake"));
        Path manifest = TestFiles.write(dir.resolve("lakeload.yaml"), """
                source:
                  local: { path: lake }
                tables:
                  - name: accounts
                    from: crm/accounts/
                    columns: [ { name: id, type: text }, { name: name, type: text }, { name: since, type: text } ]
                    primaryKey: [id]
                    mode: cdc
                  - name: accounts_loaded
                    from: crm/accounts/
                    include: ["LOAD*"]
                    columns: [ { name: id, type: text }, { name: name, type: text }, { name: since, type: text } ]
                """);
        String before = Files.readString(manifest);

        CliRun infer = CliRun.of("infer", manifest.toString(), "--table", "accounts");

        assertThat(infer.exitCode()).as(infer.err()).isZero();
        assertThat(infer.out()).contains("# accounts (crm/accounts/): 6 row(s) sampled from "
                        + "crm/accounts/LOAD00000001.csv,\n# crm/accounts/2026/01/02/20260102-101500123.csv")
                .contains("# - mode cdc on id, guessed: named like a key")
                .contains("""
                        columns:
                          - { name: id, type: bigint }
                          - { name: name, type: text }
                          - { name: since, type: date }
                        """)
                .contains("# and: primaryKey: [id], mode: cdc");
        CliRun included = CliRun.of("infer", manifest.toString(), "--table", "accounts_loaded");
        assertThat(included.out()).contains("3 row(s) sampled from crm/accounts/LOAD00000001.csv\n")
                .contains("  - { name: id, type: bigint }");
        assertThat(Files.readString(manifest)).isEqualTo(before);

        CliRun unknown = CliRun.of("infer", manifest.toString(), "--table", "nope");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.INVALID);
        assertThat(unknown.err()).contains("--table nope: the manifest has no such table (it has accounts, accounts_loaded)");
    }
}
