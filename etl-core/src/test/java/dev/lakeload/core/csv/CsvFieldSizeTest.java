package dev.lakeload.core.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeload.core.ConfigException;
import dev.lakeload.core.DataException;
import dev.lakeload.core.config.CsvFormat;
import dev.lakeload.core.source.Compression;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code format.maxFieldBytes}: fields up to it load, larger ones fail the file naming where and the option. */
class CsvFieldSizeTest {
    private static final List<String> FIELDS = List.of("id", "doc", "note");
    private static final CsvFormat LIMIT_1000 =
            new CsvFormat(false, ',', '"', "", Compression.AUTO, List.of(), 1000);

    private static CsvRead read(String csv) {
        return CsvRead.of(LIMIT_1000, FIELDS, csv.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aFieldOfExactlyTheLimitLoads() {
        assertThat(read("1,a,b\n2," + "x".repeat(1000) + ",c\n").values(1).get(1)).hasSize(1000);
        assertThat(read("1,\"" + "x".repeat(998) + "\",c\n").values(0).get(1)).hasSize(998);
        assertThat(read("1,\"" + "\"\"".repeat(499) + "\",c\n").values(0).get(1)).hasSize(499);
        assertThat(read("1," + "€".repeat(333) + ",c\n").values(0).get(1)).hasSize(333);
    }

    @Test
    void aFieldJustOverTheLimitNamesFileLineColumnAndTheOption() {
        String message = CsvRead.FILE + ", line 2, column doc: field 2 is larger than format.maxFieldBytes = 1000";

        assertThatThrownBy(() -> read("1,a,b\n2," + "x".repeat(1001) + ",c\n"))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(message)
                .hasMessageContaining("it has 1001 bytes");
        assertThatThrownBy(() -> read("1,a,b\n2,\"" + "x".repeat(998) + "\"\"\",c\n"))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(message);
        assertThatThrownBy(() -> read("1,a,b\n2," + "€".repeat(334) + ",c\n"))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(message)
                .hasMessageContaining("it has 1002 bytes");
    }

    @Test
    void aFieldFarOverTheLimitFailsTheSameWayWithoutBeingRead() {
        assertThatThrownBy(() -> read("1,a,b\n\n2,\"" + "x".repeat(100_000) + "\",c\n"))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(CsvRead.FILE + ", line 3, column doc: field 2 is larger than "
                        + "format.maxFieldBytes = 1000 bytes (or a quote opened in it is never closed)");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 100, 8191, 8192, 16384, 20000, 24576, 24577, 40000, 65536, 70000})
    void everyLimitLetsItsSizeThroughAndStopsLargerFieldsWithTheSameError(int limit) {
        CsvFormat format = new CsvFormat(false, ',', '"', "", Compression.AUTO, List.of(), limit);
        String exact = "1," + "x".repeat(limit) + ",c\n";
        String far = "1,\"" + "x".repeat(2 * limit + 40_000) + "\",c\n";

        assertThat(CsvRead.of(format, FIELDS, exact.getBytes(StandardCharsets.US_ASCII)).values(0).get(1))
                .hasSize(limit);
        assertThatThrownBy(() -> CsvRead.of(format, FIELDS, far.getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("line 1, column doc: field 2 is larger than format.maxFieldBytes = " + limit);
    }

    @Test
    void aTwentyMebibyteFieldLoadsWithTheDefault() {
        int size = 20 * 1024 * 1024;
        byte[] head = "1,\"".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\",note\n".getBytes(StandardCharsets.US_ASCII);
        InputStream in = new InputStream() {
            private long position;

            @Override
            public int read() {
                long at = position++;
                if (at < head.length) {
                    return head[(int) at];
                }
                at -= head.length;
                if (at < size) {
                    return at % 64 >= 62 ? '"' : 'x';
                }
                at -= size;
                return at < tail.length ? tail[(int) at] : -1;
            }
        };

        CsvRead read = CsvRead.of(CsvFormat.DMS_DEFAULT, FIELDS, in);

        String doc = read.values(0).get(1);
        assertThat(doc).hasSize(size - size / 64);
        assertThat(doc).startsWith("x".repeat(62) + "\"x").endsWith("x\"");
        assertThat(read.values(0).get(2)).isEqualTo("note");
    }

    @Test
    void theLimitIsBetweenOneByteAndPostgresLargestValue() {
        assertThat(CsvFormat.DMS_DEFAULT.maxFieldBytes()).isEqualTo(64 * 1024 * 1024);
        assertThatThrownBy(() -> new CsvFormat(false, ',', '"', "", Compression.AUTO, List.of(), 0))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("format.maxFieldBytes must be between 1 and 1073741823");
        assertThatThrownBy(() -> new CsvFormat(false, ',', '"', "", Compression.AUTO, List.of(), 1 << 30))
                .isInstanceOf(ConfigException.class);
    }
}
