package dev.lakeload.core.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeload.core.DataException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Quote shapes: a quote opens a quoted field only at the start of a field; inside one, quotes come doubled. A
 * quote anywhere else is text, and a quoted field still open at the end of the file means the file was cut.
 */
class CsvQuotesTest {
    private static final List<String> THREE = List.of("id", "height", "note");

    @Test
    void aStrayQuoteInAnUnquotedFieldIsText() {
        CsvRead read = CsvRead.of(THREE, "1,5'11\",x\n2,6',\"a, b\"\n");

        assertThat(read.values(0)).containsExactly("1", "5'11\"", "x");
        assertThat(read.values(1)).containsExactly("2", "6'", "a, b");
    }

    @Test
    void twoStrayQuotesAreText() {
        assertThat(CsvRead.of(THREE, "1,\"a\",x\"y\"z\n").values(0)).containsExactly("1", "a", "x\"y\"z");
    }

    @Test
    void aStrayQuoteDoesNotHideAFileCutInsideAQuotedField() {
        assertThatThrownBy(() -> CsvRead.of(THREE, "1,5'11\",x\n2,b,\"cut her"))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(CsvRead.FILE + ", line 2, column note: unterminated quoted field");
    }

    @Test
    void aFileCutInsideAQuotedFieldWithDoubledQuotesIsUnterminated() {
        assertThatThrownBy(() -> CsvRead.of(THREE, "1,a,\"say \"\"hi\"\""))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("line 1, column note: unterminated quoted field");
        assertThatThrownBy(() -> CsvRead.of(THREE, "1,a,\"x\"\"\n2,b,c\n"))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("line 1, column note: unterminated quoted field");
        assertThatThrownBy(() -> CsvRead.of(THREE, "1,5\",x\n2,b,\"say \"\"hi\"\"\n"))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("line 2, column note: unterminated quoted field");
    }

    @Test
    void doubledQuotesInsideQuotedFieldsAreOneQuote() {
        CsvRead read = CsvRead.of(THREE, "1,\"\"\"\",\"say \"\"hi\"\"\"\n2,\"\",\"\"\"\"\"\"\n");

        assertThat(read.values(0)).containsExactly("1", "\"", "say \"hi\"");
        assertThat(read.values(1)).containsExactly("2", "", "\"\"");
    }

    @Test
    void aQuotedFieldMayEndExactlyAtTheEndOfTheFile() {
        assertThat(CsvRead.of(THREE, "1,a,\"b\"").values(0)).containsExactly("1", "a", "b");
        assertThat(CsvRead.of(THREE, "1,a,\"b\"\n").values(0)).containsExactly("1", "a", "b");
        assertThat(CsvRead.of(THREE, "1,a,\"\"").values(0)).containsExactly("1", "a", "");
        assertThat(CsvRead.of(THREE, "1,a,\"b\"\"\"").values(0)).containsExactly("1", "a", "b\"");
        assertThat(CsvRead.of(THREE, "1,a,\"b\nc\"").values(0)).containsExactly("1", "a", "b\nc");
    }

    @Test
    void aQuotedValueEndingInACarriageReturnKeepsItsRecord() {
        CsvRead read = CsvRead.of(List.of("v"), "\"a\r\"\nb\n");

        assertThat(read.column(0)).containsExactly("a\r", "b");
        assertThat(CsvRead.of(THREE, "1,x,\"a\r\"\n2,y,z\n").column(0)).containsExactly("1", "2");
    }
}
