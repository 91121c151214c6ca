package dev.lakeload.core.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeload.core.DataException;
import dev.lakeload.core.config.CsvFormat;
import dev.lakeload.core.row.Row;
import dev.lakeload.core.source.Compression;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRowReaderTest {
    private static final List<String> FIELDS = List.of("id", "name", "note");

    private static List<Row> read(CsvFormat format, byte[] bytes) {
        return CsvRead.of(format, FIELDS, bytes).rows();
    }

    private static List<Row> read(String csv) {
        return CsvRead.of(FIELDS, csv).rows();
    }

    private static List<String> values(Row row) {
        return Arrays.asList(row.copyValues());
    }

    @Test
    void unquotedEmptyIsNullAndQuotedEmptyIsEmptyString() {
        List<Row> rows = read("1,,\"\"\n");

        assertThat(values(rows.get(0))).containsExactly("1", null, "");
    }

    @Test
    void quotedFieldsKeepDelimitersQuotesLineBreaksAndBackslashes() {
        List<Row> rows = read("1,\"a, \"\"b\"\"\",\"line1\nline2\r\nline3\"\n2,C:\\dir\\N,\\t\n");

        assertThat(values(rows.get(0))).containsExactly("1", "a, \"b\"", "line1\nline2\r\nline3");
        assertThat(values(rows.get(1))).containsExactly("2", "C:\\dir\\N", "\\t");
    }

    @Test
    void rowsCarryTheLineTheirRecordStartsOn() {
        List<Row> rows = read("1,\"two\nlines\",x\n2,b,c\r\n3,c,d");

        assertThat(rows).extracting(Row::line).containsExactly(1L, 3L, 4L);
        assertThat(rows).extracting(Row::file).containsOnly("t/LOAD1.csv");
    }

    @Test
    void aCustomNullStringMakesEmptyFieldsEmptyStrings() {
        CsvFormat format = new CsvFormat(false, ';', '\'', "\\N", Compression.AUTO, List.of());

        List<Row> rows = read(format, "1;;\\N\n2;'\\N';'it''s'\n".getBytes(StandardCharsets.UTF_8));

        assertThat(values(rows.get(0))).containsExactly("1", "", null);
        assertThat(values(rows.get(1))).containsExactly("2", "\\N", "it's");
    }

    @Test
    void aHeaderNamesTheColumns() {
        CsvFormat format = new CsvFormat(true, ',', '"', "", Compression.AUTO, List.of());

        List<Row> rows = read(format, "note,id\nhello,1\n".getBytes(StandardCharsets.UTF_8));

        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).schema().names()).containsExactly("note", "id");
        assertThat(rows.get(0).get("id")).isEqualTo("1");
        assertThat(rows.get(0).line()).isEqualTo(2);
    }

    @Test
    void aByteOrderMarkIsSkippedAndUnicodeSurvives() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = "1,日本 😀,Ελληνικά\n".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, bytes, 0, 3);
        System.arraycopy(body, 0, bytes, 3, body.length);

        assertThat(values(read(CsvFormat.DMS_DEFAULT, bytes).get(0))).containsExactly("1", "日本 😀", "Ελληνικά");
    }

    @Test
    void aRecordWithTheWrongFieldCountNamesFileAndLine() {
        assertThatThrownBy(() -> read("1,a,b\n2,b\n"))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("t/LOAD1.csv, line 2")
                .hasMessageContaining("expected 3 fields");
    }

    @Test
    void invalidUtf8NamesFileAndLine() {
        byte[] bytes = {'1', ',', 'a', ',', 'b', '\n', '2', ',', (byte) 0xFF, ',', 'c', '\n'};

        assertThatThrownBy(() -> read(CsvFormat.DMS_DEFAULT, bytes))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("invalid UTF-8");
    }

    @Test
    void textAfterAClosingQuoteIsMalformed() {
        assertThatThrownBy(() -> read("1,\"a\"b,c\n"))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("line 1");
    }

    @Test
    void nulCharactersAreKeptForTheStagingPolicyToHandle() {
        assertThat(read("1,a\0b,c\n").get(0).get(1)).isEqualTo("a\0b");
    }

    @Test
    void anUnterminatedQuoteAtTheEndOfAFileIsMalformed() {
        assertThatThrownBy(() -> read("1,a,b\n2,\"never closed,c\n"))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("unterminated");
    }
}
