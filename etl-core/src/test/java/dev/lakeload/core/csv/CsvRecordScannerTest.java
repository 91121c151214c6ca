package dev.lakeload.core.csv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.core.config.CsvFormat;
import dev.lakeload.core.source.Compression;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the scanner accepts (RFC 4180 that PostgreSQL's CSV reader reads as {@link CsvRowReader} does) and each
 * shape it refuses, with the records, lines and offsets it reports.
 */
class CsvRecordScannerTest {
    private static final CsvFormat FORMAT = CsvFormat.DMS_DEFAULT;

    private static CsvRecordScanner scanner(int columns) {
        return new CsvRecordScanner(FORMAT, columns);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Scans the whole text as a file; returns the offset it reached. */
    private static int scan(CsvRecordScanner scanner, String text) {
        byte[] b = bytes(text);
        return scanner.scan(b, b.length, true, true);
    }

    @Test
    void acceptsQuotesDoubledQuotesEmbeddedLineEndsUnicodeAndEmptyFields() {
        String text = "1,\"a, \"\"b\"\"\",x\n2,\"multi\nline\",\"\"\n3,émoji 🎉,\n,,\n";
        CsvRecordScanner scanner = scanner(3);

        assertThat(scan(scanner, text)).isEqualTo(bytes(text).length);
        assertThat(scanner.refusal()).isNull();
        assertThat(scanner.records()).isEqualTo(4);
        assertThat(scanner.lines()).isEqualTo(5);
    }

    @Test
    void acceptsALastRecordWithoutLineEndAndOneEndingInAnEmptyField() {
        CsvRecordScanner scanner = scanner(2);

        assertThat(scan(scanner, "1,a\n2,")).isEqualTo(6);
        assertThat(scanner.records()).isEqualTo(2);
        assertThat(scan(scanner, "1,\"a\"")).isEqualTo(5);
        assertThat(scanner.records()).isEqualTo(1);
    }

    @Test
    void stopsBeforeARecordThatDoesNotEndInTheBytesWithoutRefusingIt() {
        CsvRecordScanner scanner = scanner(2);
        for (String partial : List.of("1,a\n2,b", "1,a\n2,\"b\n", "1,a\n2,\"b\"", "1,a\n2,\"b\"\"", "1,a\n\\")) {
            byte[] b = bytes(partial);

            assertThat(scanner.scan(b, b.length, false, true)).as(partial).isEqualTo(4);
            assertThat(scanner.records()).isEqualTo(1);
            assertThat(scanner.lines()).isEqualTo(1);
            assertThat(scanner.refusal()).as(partial).isNull();
        }
    }

    @Test
    void refusesWhatPostgresqlOrTheJvmWouldReadOtherwise() {
        assertRefused(2, "1,a\n2,b\"c\n", 4, "a quote inside field 2");
        assertRefused(2, "1,a\n2,\"b\"c\n", 4, "the quote closing field 2 is followed by more characters");
        assertRefused(2, "1,a\n2,b,c\n", 4, "a record of 3 field(s), not 2");
        assertRefused(2, "1,a\n2\n", 4, "a record of 1 field(s), not 2");
        assertRefused(2, "1,a\n\n2,b\n", 4, "a blank line");
        assertRefused(2, "1,a\n\\.\n2,b\n", 4, "a line starting with \\. (the end of data to COPY)");
        assertRefused(2, "1,\"a\n\\.\nb\"\n", 0, "a line starting with \\. (the end of data to COPY)");
        assertRefused(2, "1,a\n2,b\rc\n", 4, "a carriage return not followed by \\n");
        assertRefused(2, "1,a\n2,b\r", 4, "a carriage return at the end of the file");
        assertRefused(2, "1,a\n2,b\r\n", 4, "a line ending in \\r\\n among lines ending in \\n");
        assertRefused(2, "1,a\r\n2,b\n", 5, "a line ending in \\n among lines ending in \\r\\n");
        assertRefused(2, "1,a\n\r\n", 4, "a blank line");
        assertRefused(2, "1,a\n2,b\0c\n", 4, "a NUL byte");
        assertRefused(2, "1,a\n2,\"b\0\"\n", 4, "a NUL byte");
        assertRefused(2, "1,a\n2,\"b\n", 4, "a quote opened in field 2 is never closed");
        assertRefused(2, "\uFEFF1,a\n", 0, "a byte order mark starts the file");
    }

    @Test
    void acceptsCrlfLineEndsAndAnyLineEndInsideQuotesCountingLinesAsFastCsv() {
        CsvRecordScanner scanner = scanner(2);

        assertThat(scan(scanner, "1,a\r\n2,\"b\rc\r\nd\ne\"\r\n3,\r\n")).isEqualTo(23);
        assertThat(scanner.refusal()).isNull();
        assertThat(scanner.records()).isEqualTo(3);
        assertThat(scanner.lines()).isEqualTo(6);
        // A chunk's COPY takes the style of its own first line end.
        byte[] b = bytes("1,a\n2,b\n3,c\r\n4,d\r\n");
        assertThat(scanner.scan(b, b.length, true, true)).isEqualTo(8);
        assertThat(scanner.scan(Arrays.copyOfRange(b, 8, b.length), b.length - 8, true, false)).isEqualTo(10);
    }

    @Test
    void aByteOrderMarkIsDataAnywhereButAtTheFileStart() {
        byte[] b = bytes("\uFEFF1,a\n");
        CsvRecordScanner scanner = scanner(2);

        assertThat(scanner.scan(b, b.length, true, false)).isEqualTo(b.length);
        assertThat(scanner.refusal()).isNull();
    }

    @Test
    void refusesAFieldLargerThanMaxFieldBytesCountingItsQuotes() {
        CsvFormat small = new CsvFormat(false, ',', '"', "", Compression.NONE, List.of(), 5);
        CsvRecordScanner scanner = new CsvRecordScanner(small, 2);

        assertThat(scan(scanner, "1,abcde\n2,\"abc\"\n")).isEqualTo(16);
        assertThat(scan(scanner, "1,abcde\n2,\"abcd\"\n")).isEqualTo(8);
        assertThat(scanner.refusal()).isEqualTo("field 2 is larger than format.maxFieldBytes");
    }

    @Test
    void notesColumnsWhoseValuesMayCarryAnOffsetAsCastSqlJudgesThem() {
        CsvRecordScanner scanner = scanner(3);

        scan(scanner, "2026-01-01 10:00:00.5,2026-01-01 10:00:00+02,2026-01-01\n,2026-01-01T10:00:00Z,\n");
        assertThat(List.of(scanner.zoneLike(0), scanner.zoneLike(1), scanner.zoneLike(2)))
                .containsExactly(false, true, false);
        scan(scanner, "10:00:00-05,\"2026-01-01\",é\n");
        assertThat(List.of(scanner.zoneLike(0), scanner.zoneLike(1), scanner.zoneLike(2)))
                .containsExactly(true, true, true);
    }

    @Test
    void otherDelimitersAndQuotes() {
        CsvFormat pipes = new CsvFormat(false, '|', '\'', "NULL", Compression.NONE, List.of());
        CsvRecordScanner scanner = new CsvRecordScanner(pipes, 2);

        assertThat(scan(scanner, "1|'a|b''c'\n2|NULL\n")).isEqualTo(18);
        assertThat(scanner.records()).isEqualTo(2);
        assertThat(CsvRecordScanner.supports(pipes)).isTrue();
        assertThat(CsvRecordScanner.supports(new CsvFormat(false, ';', '"', "a;b", Compression.NONE, List.of())))
                .isFalse();
        assertThat(CsvRecordScanner.supports(new CsvFormat(false, '§', '"', "", Compression.NONE, List.of())))
                .isFalse();
    }

    private static void assertRefused(int columns, String text, int acceptedUpTo, String why) {
        CsvRecordScanner scanner = scanner(columns);

        assertThat(scan(scanner, text)).as(text).isEqualTo(acceptedUpTo);
        assertThat(scanner.refusal()).as(text).isEqualTo(why);
        assertThat(scanner.records()).as(text).isEqualTo(acceptedUpTo == 0 ? 0 : 1);
    }
}
