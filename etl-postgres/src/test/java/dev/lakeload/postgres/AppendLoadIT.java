package dev.lakeload.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.core.config.CsvFormat;
import dev.lakeload.core.config.NulPolicy;
import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.pipeline.RunReport;
import dev.lakeload.core.pipeline.TableResult;
import dev.lakeload.core.pipeline.TableStatus;
import dev.lakeload.core.source.Compression;
import dev.lakeload.core.source.LocalFolderSource;
import dev.lakeload.testkit.files.TestFiles;
import dev.lakeload.testkit.pg.PostgresServer;
import dev.lakeload.testkit.pg.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppendLoadIT {
    @TempDir
    Path lake;

    private TestDatabase db;
    private LocalFolderSource source;

    @BeforeEach
    void setUp() {
        db = PostgresServer.shared().newDatabase("append");
        source = new LocalFolderSource(lake);
    }

    private RunReport run(TableSpec... tables) {
        return new PostgresWarehouse(db.dataSource(), "public").pipeline(source).run(List.of(tables));
    }

    private void write(String key, String content) {
        TestFiles.write(lake.resolve(key), content);
    }

    private static TableSpec.Builder orders() {
        return TableSpec.builder("orders", "shop/orders/")
                .column("id", "bigint").column("note", "text").column("amount", "numeric(12,2)")
                .primaryKey(List.of("id"));
    }

    private static TableResult only(RunReport report) {
        assertThat(report.tables()).hasSize(1);
        return report.tables().get(0);
    }

    @Test
    void loadsFilesInDmsOrderAndRecordsThemInTheLedger() throws IOException {
        write("shop/orders/LOAD00000010.csv", "3,third,3.00\n");
        write("shop/orders/LOAD0000000A.csv", "2,second,2.00\n");
        write("shop/orders/LOAD00000009.csv", "1,first,1.00\n");
        write("shop/orders/20260101-101500123.csv", "4,change,4.00\n");

        TableResult result = only(run(orders().build()));

        assertThat(result.status()).isEqualTo(TableStatus.LOADED);
        assertThat(result.files()).isEqualTo(4);
        assertThat(result.rowsRead()).isEqualTo(4);
        assertThat(result.rowsLoaded()).isEqualTo(4);
        assertThat(db.query("SELECT id, note, amount FROM orders ORDER BY ctid")).containsExactly(
                List.of("1", "first", "1.00"), List.of("2", "second", "2.00"), List.of("3", "third", "3.00"),
                List.of("4", "change", "4.00"));
        assertThat(db.query("SELECT file_key, rows_read FROM lakeload.files ORDER BY file_key")).containsExactly(
                List.of("shop/orders/20260101-101500123.csv", "1"), List.of("shop/orders/LOAD00000009.csv", "1"),
                List.of("shop/orders/LOAD0000000A.csv", "1"), List.of("shop/orders/LOAD00000010.csv", "1"));
        assertThat(db.queryValue("SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                + "WHERE attrelid = 'orders'::regclass AND attname = 'amount'")).isEqualTo("numeric(12,2)");
    }

    @Test
    void secondRunLoadsNothingAndANewFileLoadsAlone() throws IOException {
        write("shop/orders/LOAD00000001.csv", "1,a,1.00\n2,b,2.00\n");
        assertThat(only(run(orders().build())).status()).isEqualTo(TableStatus.LOADED);

        TableResult again = only(run(orders().build()));
        assertThat(again.status()).isEqualTo(TableStatus.UP_TO_DATE);
        assertThat(again.files()).isZero();
        assertThat(db.queryValue("SELECT count(*) FROM orders")).isEqualTo("2");

        write("shop/orders/20260102-000000000.csv", "3,c,3.00\n");
        TableResult third = only(run(orders().build()));
        assertThat(third.status()).isEqualTo(TableStatus.LOADED);
        assertThat(third.files()).isEqualTo(1);
        assertThat(db.queryValue("SELECT count(*) FROM orders")).isEqualTo("3");
        assertThat(db.queryValue("SELECT count(*) FROM lakeload.runs WHERE succeeded")).isEqualTo("3");
    }

    @Test
    void specialCharactersRoundTripByteExact() throws IOException {
        String[] notes = {
            "comma, inside", "quote \" inside", "line\nbreak", "crlf\r\nbreak", "back\\slash \\N \\t",
            "tab\there", "emoji 😀🚀", "日本語テキスト", "Ελληνικά", "עברית", "  spaces kept  ", "", "'single'"
        };
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < notes.length; i++) {
            csv.append(i).append(",\"").append(notes[i].replace("\"", "\"\"")).append("\",1\n");
        }
        write("shop/orders/LOAD00000001.csv", csv.toString());

        assertThat(only(run(orders().build())).status()).isEqualTo(TableStatus.LOADED);

        List<String> loaded = db.query("SELECT note FROM orders ORDER BY id").stream().map(r -> r.get(0)).toList();
        assertThat(loaded).containsExactly(notes);
        assertThat(db.queryValue("SELECT octet_length(note) FROM orders WHERE id = 6"))
                .isEqualTo(String.valueOf("emoji 😀🚀".getBytes(StandardCharsets.UTF_8).length));
    }

    @Test
    void emptyStringAndNullStayDistinct() throws IOException {
        write("shop/orders/LOAD00000001.csv", "1,,\n2,\"\",\n3,x,\n");

        assertThat(only(run(orders().build())).status()).isEqualTo(TableStatus.LOADED);

        assertThat(db.query("SELECT id, note IS NULL, note = '', amount IS NULL FROM orders ORDER BY id"))
                .containsExactly(Arrays.asList("1", "t", null, "t"), Arrays.asList("2", "f", "t", "t"),
                        Arrays.asList("3", "f", "f", "t"));
    }

    @Test
    void aCustomNullTokenMakesEmptyFieldsEmptyStrings() throws IOException {
        write("shop/orders/LOAD00000001.csv", "1,,NULL\n2,NULL,5\n");
        CsvFormat format = new CsvFormat(false, ',', '"', "NULL", Compression.AUTO, List.of());

        assertThat(only(run(orders().format(format).build())).status()).isEqualTo(TableStatus.LOADED);

        assertThat(db.query("SELECT id, note, amount FROM orders ORDER BY id"))
                .containsExactly(Arrays.asList("1", "", null), Arrays.asList("2", null, "5.00"));
    }

    @Test
    void aValueThatDoesNotCastFailsItsTableWithPositionWhileAnotherTableLoads() throws IOException {
        write("shop/orders/LOAD00000001.csv", "1,a,1.00\n2,b,2.00\n");
        write("shop/orders/LOAD00000002.csv", "3,c,3.00\n4,d,not-a-number\n");
        write("shop/customers/LOAD00000001.csv", "10,Ann\n");
        TableSpec customers = TableSpec.builder("customers", "shop/customers")
                .column("id", "bigint").column("name", "text").build();

        RunReport report = run(orders().build(), customers);

        TableResult failed = report.tables().get(0);
        assertThat(failed.status()).isEqualTo(TableStatus.FAILED);
        assertThat(failed.error()).contains("shop/orders/LOAD00000002.csv", "line 2", "column amount",
                "not-a-number", "numeric");
        assertThat(report.tables().get(1).status()).isEqualTo(TableStatus.LOADED);
        assertThat(report.succeeded()).isFalse();
        assertThat(db.tables("public")).containsExactly("customers");
        assertThat(db.queryValue("SELECT count(*) FROM lakeload.files WHERE target_table = 'public.orders'"))
                .isEqualTo("0");
        assertNoStagingTablesLeft();
    }

    @Test
    void rowsThatDoNotCastGoToRejectsWithinMaxRejects() throws IOException {
        write("shop/orders/LOAD00000001.csv", "1,a,1.00\nx,b,2.00\n3,c,3.00\n4,d,4,5\n");
        write("shop/orders/LOAD00000002.csv", "5,e,1e400000\n");

        TableResult result = only(run(orders().maxRejects(5).build()));

        // Line 4 has one field too many: the whole file stops, so it is split off into its own case below.
        assertThat(result.status()).isEqualTo(TableStatus.FAILED);
        assertThat(result.error()).contains("LOAD00000001.csv", "line 4", "expected 3 fields");

        write("shop/orders/LOAD00000001.csv", "1,a,1.00\nx,b,2.00\n3,c,3.00\n");
        result = only(run(orders().maxRejects(5).build()));

        assertThat(result.status()).isEqualTo(TableStatus.LOADED);
        assertThat(result.rowsRead()).isEqualTo(4);
        assertThat(result.rowsLoaded()).isEqualTo(2);
        assertThat(result.rowsRejected()).isEqualTo(2);
        assertThat(db.query("SELECT id FROM orders ORDER BY id")).containsExactly(List.of("1"), List.of("3"));
        assertThat(db.query("SELECT file_key, line, column_name, raw_value FROM lakeload.rejects "
                + "ORDER BY file_key, line"))
                .containsExactly(List.of("shop/orders/LOAD00000001.csv", "2", "id", "x"),
                        List.of("shop/orders/LOAD00000002.csv", "1", "amount", "1e400000"));
        assertThat(db.queryValue("SELECT reason FROM lakeload.rejects WHERE column_name = 'id'"))
                .contains("bigint").contains("invalid input syntax");
    }

    @Test
    void nulBytesAreRejectedOrCleanedByPolicy() throws IOException {
        write("shop/orders/LOAD00000001.csv", "1,bad\0value,1\n2,fine,2\n");

        TableResult rejected = only(run(orders().build()));
        assertThat(rejected.status()).isEqualTo(TableStatus.FAILED);
        assertThat(rejected.error()).contains("line 1", "column note", "NUL");

        TableResult stripped = only(run(orders().nulPolicy(NulPolicy.STRIP).build()));
        assertThat(stripped.status()).isEqualTo(TableStatus.LOADED);
        assertThat(stripped.notes()).anyMatch(n -> n.contains("1 value(s) had NUL characters removed"));
        assertThat(db.queryValue("SELECT note FROM orders WHERE id = 1")).isEqualTo("badvalue");
    }

    @Test
    void malformedInputFailsTheTableAndLeavesNoStagingOrRows() throws IOException {
        write("shop/orders/LOAD00000001.csv", "1,a,1.00\n");
        Files.write(lake.resolve("shop/orders/LOAD00000002.csv"), new byte[] {'2', ',', (byte) 0xC3, ',', '1', '\n'});

        TableResult result = only(run(orders().build()));

        assertThat(result.status()).isEqualTo(TableStatus.FAILED);
        assertThat(result.error()).contains("LOAD00000002.csv", "line 1", "invalid UTF-8");
        assertThat(db.tables("public")).isEmpty();
        assertNoStagingTablesLeft();
    }

    @Test
    void gzipFilesAreReadByTheirSuffix() throws IOException {
        TestFiles.write(lake.resolve("shop/orders/LOAD00000001.csv.gz"), TestFiles.gzip("1,zipped,1.50\n"));

        assertThat(only(run(orders().build())).rowsLoaded()).isEqualTo(1);
        assertThat(db.queryValue("SELECT note FROM orders")).isEqualTo("zipped");
    }

    @Test
    void aRewrittenFileFailsTheTableUntilAPolicySaysOtherwise() throws IOException {
        write("shop/orders/LOAD00000001.csv", "1,a,1.00\n");
        run(orders().build());
        write("shop/orders/LOAD00000001.csv", "1,a,1.00\n2,b,2.00\n");

        TableResult result = only(run(orders().build()));

        assertThat(result.status()).isEqualTo(TableStatus.FAILED);
        assertThat(result.error()).contains("rewritten", "shop/orders/LOAD00000001.csv");
        assertThat(db.queryValue("SELECT count(*) FROM orders")).isEqualTo("1");
    }

    @Test
    void anEmptyPrefixIsAFailureUnlessAllowed() {
        assertThat(only(run(orders().build())).error()).contains("no files under 'shop/orders/'");
        assertThat(only(run(orders().allowEmpty(true).build())).status()).isEqualTo(TableStatus.UP_TO_DATE);
    }

    @Test
    void anExistingTableIsUsedAsIs() throws IOException {
        db.execute("CREATE TABLE orders (id bigint, note text, amount numeric, extra text DEFAULT 'kept')");
        write("shop/orders/LOAD00000001.csv", "1,a,1.25\n");

        assertThat(only(run(orders().build())).status()).isEqualTo(TableStatus.LOADED);

        assertThat(db.query("SELECT id, note, amount, extra FROM orders")).containsExactly(
                List.of("1", "a", "1.25", "kept"));
    }

    private void assertNoStagingTablesLeft() {
        assertThat(db.tables("lakeload")).containsExactlyInAnyOrder("columns", "files", "rejects", "run_tables",
                "runs", "schema_changes");
    }
}
