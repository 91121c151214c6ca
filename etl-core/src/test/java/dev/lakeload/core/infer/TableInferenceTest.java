package dev.lakeload.core.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeload.core.DataException;
import dev.lakeload.core.config.ColumnSpec;
import dev.lakeload.core.config.CsvFormat;
import dev.lakeload.core.config.LoadMode;
import dev.lakeload.core.source.GlobFilter;
import dev.lakeload.core.source.LocalFolderSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableInferenceTest {
    @TempDir
    Path lake;

    private void write(String key, String content) throws IOException {
        write(key, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private void write(String key, byte[] content) throws IOException {
        Path file = lake.resolve(key);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
    }

    private static byte[] gzip(String text) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(bytes)) {
            out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private InferredTable infer(String folder) {
        return infer(folder, TableInference.DEFAULT_SAMPLE_ROWS);
    }

    private InferredTable infer(String folder, int sampleRows) {
        return new TableInference(new LocalFolderSource(lake), sampleRows)
                .infer(folder, GlobFilter.ALL, CsvFormat.DMS_DEFAULT, true, List.of());
    }

    private static List<String> types(InferredTable table) {
        return table.columns().stream().map(ColumnSpec::type).toList();
    }

    @Test
    void findsTableFoldersByTheirDmsFilesWithDatePartitionsFolded() throws IOException {
        write("shop/orders/LOAD00000001.csv", "1\n");
        write("shop/orders/2026/01/02/20260102-101500123.csv.gz", gzip("I,2\n"));
        write("crm/accounts/20260102-101500123.csv", "I,1\n");
        write("docs/readme.txt", "not a DMS file\n");
        write("empty/LOAD00000001.csv", "");

        assertThat(new TableInference(new LocalFolderSource(lake), 10).tableFolders())
                .containsExactly("crm/accounts/", "shop/orders/");
    }

    @Test
    void changeFilesWithOpAndADeleteCarryingOnlyTheKeyMakeACdcTable() throws IOException {
        write("crm/accounts/LOAD00000001.csv", "1,Acme,2026-01-01\n2,Globex,2026-01-02\n3,Initech,\n");
        write("crm/accounts/LOAD00000002.csv", "not,read,at all\n");
        write("crm/accounts/20260101-000000000.csv", "U,9,older,\n");
        write("crm/accounts/notes/readme.txt", "not a DMS file\n");
        write("crm/accounts/2026/01/02/20260102-101500123.csv.gz",
                gzip("U,1,Acme Corp,2026-01-05\nD,2,,\nI,4,Umbrella,2026-01-06\n"));

        InferredTable table = infer("crm/accounts");

        assertThat(table.mode()).isEqualTo(LoadMode.CDC);
        assertThat(table.fields()).containsExactly("col1", "col2", "col3");
        assertThat(table.primaryKey()).containsExactly("col1");
        assertThat(types(table)).containsExactly("bigint", "text", "date");
        assertThat(table.includeOpForFullLoad()).isFalse();
        assertThat(table.exclude()).containsExactly("notes/readme.txt");
        assertThat(table.sampled()).containsExactly("crm/accounts/LOAD00000001.csv",
                "crm/accounts/2026/01/02/20260102-101500123.csv.gz");
        assertThat(table.sampledRows()).isEqualTo(6);
        assertThat(table.notes()).anyMatch(n -> n.contains("no header") && n.contains("col1..col3"))
                .anyMatch(n -> n.contains("the only fields deletes carry"));
    }

    @Test
    void opOnFullLoadRowsToo() throws IOException {
        write("t/LOAD00000001.csv", "I,1,a\nI,2,b\n");
        write("t/20260102-101500123.csv", "U,1,c\nD,2,b\n");

        InferredTable table = infer("t/");

        assertThat(table.mode()).isEqualTo(LoadMode.CDC);
        assertThat(table.includeOpForFullLoad()).isTrue();
        assertThat(table.fields()).containsExactly("col1", "col2");
        assertThat(table.primaryKey()).containsExactly("col1");
    }

    @Test
    void changeFilesWithoutAGuessableKeyLoadOnlyTheFullLoadFiles() throws IOException {
        write("t/LOAD00000001.csv", "1,a\n1,b\n");
        write("t/20260102-101500123.csv", "U,1,c\n");

        InferredTable table = infer("t/");

        assertThat(table.mode()).isEqualTo(LoadMode.APPEND);
        assertThat(table.primaryKey()).isEmpty();
        assertThat(table.include()).containsExactly("LOAD*");
        assertThat(table.notes()).anyMatch(n -> n.contains("no key could be guessed"));
    }

    @Test
    void aUniqueTimestampIsNoKey() throws IOException {
        // DMS TimestampColumnName puts the commit time first: unique, yet no key.
        write("t/LOAD00000001.csv", "2026-01-01 10:00:00.000001,1,a\n2026-01-01 10:00:00.000002,1,b\n");
        write("t/20260102-101500123.csv", "U,2026-01-02 10:00:00.000001,1,c\n");

        InferredTable table = infer("t/");

        assertThat(table.mode()).isEqualTo(LoadMode.APPEND);
        assertThat(table.include()).containsExactly("LOAD*");
        assertThat(types(table)).containsExactly("timestamp", "smallint", "text");
    }

    @Test
    void aDeleteCarryingTheCommitTimeAndTheKeyIsKeyedOnTheKey() throws IOException {
        write("t/LOAD00000001.csv", "2026-01-01 10:00:00.000001,1,a\n2026-01-01 10:00:00.000002,2,b\n");
        write("t/20260102-101500123.csv", "D,2026-01-02 10:00:00.000001,1,\n");

        InferredTable table = infer("t/");

        assertThat(table.mode()).isEqualTo(LoadMode.CDC);
        assertThat(table.primaryKey()).containsExactly("col2");
    }

    @Test
    void aMongoCollectionInDocumentModeIsFlattenedOnItsId() throws IOException {
        write("mongo/devices/LOAD00000001.csv", """
                64b7f0a1c2d3e4f5a6b7c8d1,"{ ""_id"" : { ""$oid"" : ""64b7f0a1c2d3e4f5a6b7c8d1"" }, ""n"" : 1 }"
                64b7f0a1c2d3e4f5a6b7c8d2,"{ ""_id"" : { ""$oid"" : ""64b7f0a1c2d3e4f5a6b7c8d2"" }, ""n"" : 2 }"
                """);
        write("mongo/devices/20260102-101500123.csv", """
                U,64b7f0a1c2d3e4f5a6b7c8d1,"{ ""_id"" : { ""$oid"" : ""64b7f0a1c2d3e4f5a6b7c8d1"" }, ""n"" : 3 }"
                D,64b7f0a1c2d3e4f5a6b7c8d2,
                """);

        InferredTable table = infer("mongo/devices/");

        assertThat(table.fields()).containsExactly("_id", "_doc");
        assertThat(table.columns()).containsExactly(new ColumnSpec("_id", "text"));
        assertThat(table.flattenColumn()).isEqualTo("_doc");
        assertThat(table.mode()).isEqualTo(LoadMode.CDC);
        assertThat(table.primaryKey()).containsExactly("_id");
        assertThat(table.columnsNameFields()).isFalse();
    }

    @Test
    void aHeaderNamesTheColumnsWhenTheRowsBelowItAreTyped() throws IOException {
        write("shop/customers/LOAD00000001.csv", "id,name,score\n1,Ann,3.5\n2,Bob,+3.2e+01\n");
        write("shop/notes/LOAD00000001.csv", "first,second\nalpha,beta\n");

        InferredTable customers = infer("shop/customers/");
        InferredTable notes = infer("shop/notes/");

        assertThat(customers.header()).isTrue();
        // Named like an id: ids grow past the sample, so bigint whatever the sampled values.
        assertThat(customers.columns()).containsExactly(new ColumnSpec("id", "bigint"),
                new ColumnSpec("name", "text"), new ColumnSpec("score", "double precision"));
        assertThat(customers.sampledRows()).isEqualTo(2);
        // Text only: a first record of words cannot be told from data, so it is data.
        assertThat(notes.header()).isFalse();
        assertThat(notes.sampledRows()).isEqualTo(2);
    }

    @Test
    void integerIdsAreBigintAlsoInAppendTablesSinceIdsGrowPastTheSample() throws IOException {
        write("shop/orders/LOAD00000001.csv", "1,7,12\n2,7,30\n3,8,12\n");
        write("shop/lines/LOAD00000001.csv", "order_id,qty\n1,2\n1,3\n");

        InferredTable orders = infer("shop/orders/");
        InferredTable lines = infer("shop/lines/");

        assertThat(orders.mode()).isEqualTo(LoadMode.APPEND);
        // The first field is unique in the sample, so it is taken for the id; the others repeat.
        assertThat(types(orders)).containsExactly("bigint", "smallint", "smallint");
        assertThat(orders.notes()).anyMatch(n -> n.contains("col1 is bigint rather than smallint: ids grow"));
        assertThat(types(lines)).containsExactly("bigint", "smallint");
    }

    @Test
    void readsAtMostTheSampleAndWidensIntegersOfFilesItDidNotReadWhole() throws IOException {
        write("t/LOAD00000001.csv", "1,05021\n1,05022\n3\n");

        InferredTable table = infer("t/", 2);

        // The third record has a field too few: it was never read.
        assertThat(table.sampledRows()).isEqualTo(2);
        assertThat(types(table)).containsExactly("integer", "text");
        assertThat(table.notes()).anyMatch(n -> n.contains("col1 is integer rather than smallint"));
    }

    @Test
    void aFileThatCannotBeReadIsNamed() throws IOException {
        write("t/LOAD00000001.csv.gz", "this is not gzip");

        assertThatThrownBy(() -> infer("t/")).isInstanceOf(DataException.class)
                .hasMessageContaining("t/LOAD00000001.csv.gz").hasMessageContaining("cannot be read");
    }

    @Test
    void aFileThatIsNotCsvOfOneShapeIsNamedWithItsLine() throws IOException {
        write("t/LOAD00000001.csv", "1,a\n2,b,c\n");

        assertThatThrownBy(() -> infer("t/")).isInstanceOf(DataException.class)
                .hasMessageContaining("t/LOAD00000001.csv, line 2").hasMessageContaining("expected 2 fields");
    }
}
