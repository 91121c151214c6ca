package dev.lakeload.core.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeload.core.DataException;
import dev.lakeload.core.config.CsvFormat;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Decoding, alone and under the CSV reader: tiny files, byte order marks, bytes arriving one at a time. */
class StrictUtf8ReaderTest {
    private static final String BOM = "efbbbf";

    /** A stream that hands out one byte per read, as a slow network might. */
    private static InputStream oneByteAtATime(byte[] bytes) {
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1));
            }
        };
    }

    private static String decode(InputStream in) throws IOException {
        StringBuilder text = new StringBuilder();
        try (StrictUtf8Reader reader = new StrictUtf8Reader(in)) {
            char[] buffer = new char[2];
            for (int n; (n = reader.read(buffer, 0, buffer.length)) != -1; ) {
                text.append(buffer, 0, n);
            }
            assertThat(reader.read(buffer, 0, buffer.length)).as("after the end").isEqualTo(-1);
        }
        return text.toString();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({
        "'', ''",
        "59, Y",
        "0a, NULL",
        "590a, Y",
        "0a0a, NULL|NULL",
        "595a0a, YZ",
        "590d0a, Y",
        BOM + ", ''",
        BOM + "59, Y",
        BOM + "0a, NULL",
        BOM + "590a, Y",
        BOM + "e282ac0a, €"})
    void tinyFilesLoadWhole(String hex, String expected) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        List<String> rows = expected.isEmpty() ? List.of()
                : Arrays.stream(expected.split("\\|")).map(v -> v.equals("NULL") ? null : v).toList();

        assertThat(CsvRead.of(CsvFormat.DMS_DEFAULT, List.of("v"), bytes).column(0)).isEqualTo(rows);
        assertThat(CsvRead.of(CsvFormat.DMS_DEFAULT, List.of("v"), oneByteAtATime(bytes)).column(0))
                .isEqualTo(rows);
    }

    @Test
    void charactersSplitAcrossReadsDecodeWhole() throws IOException {
        String text = "a€😀\r\nΩ" + "x".repeat(70_000) + "日本";

        assertThat(decode(oneByteAtATime(text.getBytes(StandardCharsets.UTF_8)))).isEqualTo(text);
        assertThat(decode(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))).isEqualTo(text);
    }

    @Test
    void aByteOrderMarkIsSkippedOnlyWholeAndAtTheStart() throws IOException {
        byte[] twice = HexFormat.of().parseHex(BOM + BOM + "41");

        assertThat(decode(new ByteArrayInputStream(twice))).isEqualTo("\uFEFFA");
        assertThatThrownBy(() -> CsvRead.of(CsvFormat.DMS_DEFAULT, List.of("v"), HexFormat.of().parseHex("efbb")))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(CsvRead.FILE + ", line 1: invalid UTF-8 at byte offset 0");
    }

    @Test
    void theLineOfABadByteCountsLineBreaksAsTheParserDoes() {
        byte[] bytes = "1,\"a\rb\",c\n2,\"x\r\ny\",z\n3,?,c\n".getBytes(StandardCharsets.UTF_8);
        bytes[bytes.length - 4] = (byte) 0xFF;

        assertThatThrownBy(() -> CsvRead.of(CsvFormat.DMS_DEFAULT, List.of("id", "name", "note"), bytes))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(CsvRead.FILE + ", line 5: invalid UTF-8 at byte offset 23 of the file, "
                        + "counted from 0 (byte 0xFF)");
        assertThatThrownBy(() -> CsvRead.of(List.of("id", "name", "note"), "1,\"a\rb\",c\n2,\"x\r\ny\",z\n3,c\n"))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(CsvRead.FILE + ", line 5: expected 3 fields");
    }
}
