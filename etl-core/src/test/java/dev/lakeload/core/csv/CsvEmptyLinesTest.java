package dev.lakeload.core.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeload.core.DataException;
import dev.lakeload.core.config.CsvFormat;
import dev.lakeload.core.format.ReadResult;
import dev.lakeload.core.source.Compression;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Empty lines: a NULL in a one-column file (as DMS writes it), no record but counted with several columns. */
class CsvEmptyLinesTest {
    private static final List<String> ONE = List.of("v");
    private static final List<String> THREE = List.of("id", "name", "note");

    private static CsvRead read(CsvFormat format, List<String> fields, String csv) {
        return CsvRead.of(format, fields, csv.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void inAOneColumnFileAnEmptyLineIsANullRow() {
        CsvRead read = CsvRead.of(ONE, "a\n\nb\n\"\"\n\nc\n");

        assertThat(read.column(0)).containsExactly("a", null, "b", "", null, "c");
        assertThat(read.lines()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(read.result().notes()).isEmpty();
    }

    @Test
    void theLineBreakEndingTheLastRecordStartsNoOtherInAnyLineEnding() {
        assertThat(CsvRead.of(ONE, "a\n").column(0)).containsExactly("a");
        assertThat(CsvRead.of(ONE, "a\r\n").column(0)).containsExactly("a");
        assertThat(CsvRead.of(ONE, "a").column(0)).containsExactly("a");
        assertThat(CsvRead.of(ONE, "a\n\n").column(0)).containsExactly("a", null);
        assertThat(CsvRead.of(ONE, "a\r\n\r\nb\r\n").column(0)).containsExactly("a", null, "b");
        assertThat(CsvRead.of(ONE, "\n\n").column(0)).containsExactly(null, null);
    }

    @Test
    void withANullTokenAnEmptyLineIsAnEmptyString() {
        CsvFormat format = new CsvFormat(false, ',', '"', "NULL", Compression.AUTO, List.of());

        assertThat(read(format, ONE, "a\n\nNULL\n").column(0)).containsExactly("a", "", null);
    }

    @Test
    void withSeveralColumnsEmptyLinesAreSkippedAndCounted() {
        CsvRead read = CsvRead.of(THREE, "1,a,b\n\n2,c,d\r\n\r\n\n3,e,f\n\n");

        assertThat(read.column(0)).containsExactly("1", "2", "3");
        assertThat(read.lines()).containsExactly(1L, 3L, 6L);
        assertThat(read.result()).isEqualTo(new ReadResult(3,
                List.of("4 empty line(s) skipped in " + CsvRead.FILE + " (first: line 2)")));
    }

    @Test
    void aHeaderDecidesWhetherAnEmptyLineIsARow() {
        CsvFormat header = new CsvFormat(true, ',', '"', "", Compression.AUTO, List.of());

        CsvRead one = read(header, List.of(), "v\n\nb\n");
        assertThat(one.column(0)).containsExactly(null, "b");
        assertThat(one.lines()).containsExactly(2L, 3L);

        CsvRead two = read(header, List.of(), "id,v\n\n1,b\n");
        assertThat(two.column(1)).containsExactly("b");
        assertThat(two.result()).isEqualTo(new ReadResult(1,
                List.of("1 empty line(s) skipped in " + CsvRead.FILE + " (first: line 2)")));

        assertThatThrownBy(() -> read(header, List.of(), "\nid,v\n1,b\n"))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(CsvRead.FILE + ", line 1: header field 1 is empty");
    }

    @Test
    void recordsKeepTheirLineAfterEmptyLinesAndLineBreaksInQuotes() {
        assertThatThrownBy(() -> CsvRead.of(THREE, "1,\"a\n\nb\",c\n\n2,\"x\r\ny\",z\n\n3,b\n"))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(CsvRead.FILE + ", line 8: expected 3 fields");
    }
}
