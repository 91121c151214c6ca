package dev.lakeload.core.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.lakeload.core.config.CsvFormat;
import dev.lakeload.core.format.ReadResult;
import dev.lakeload.core.row.Row;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reading a file through a {@link RawCsvSink} gives the same records, lines, counts, notes and errors as reading it
 * whole into rows, whichever chunks the sink takes: a fake sink reads the chunks it takes with the reader too, at the
 * chunk's line. Chunk sizes from a few bytes up put chunk ends everywhere, inside quoted fields included.
 */
class CsvPassThroughTest {
    private static final List<String> FIELDS = List.of("id", "note", "at");
    private static final String FILE = "t/LOAD1.csv";

    /** Takes chunks by a pattern and reads the taken ones into rows itself, as a database would load them. */
    private static class FakeSink implements RawCsvSink {
        private final int chunkBytes;
        private final boolean takeEverySecond;
        private final List<String> rows;
        private CsvRowReader reader;
        private int chunks;
        private long taken;

        FakeSink(int chunkBytes, boolean takeEverySecond, List<String> rows, CsvRowReader reader) {
            this.chunkBytes = chunkBytes;
            this.takeEverySecond = takeEverySecond;
            this.rows = rows;
            this.reader = reader;
        }

        @Override
        public boolean takesRaw(CsvFormat format, List<String> fieldNames) {
            if (format.header()) {
                reader = CsvRowReader.afterHeader(format, fieldNames);
            }
            return fieldNames.equals(FIELDS);
        }

        @Override
        public int chunkBytes() {
            return chunkBytes;
        }

        @Override
        public boolean acceptRaw(CsvChunk chunk) {
            if (takeEverySecond && chunks++ % 2 == 0) {
                return false;
            }
            ReadResult read = reader.read(new ByteArrayInputStream(Arrays.copyOf(chunk.bytes(), chunk.length())),
                    FILE, chunk.firstLine(), chunk.firstLine() == 1 ? 0 : 1, row -> rows.add(describe(row)));
            assertThat(read.rows()).isEqualTo(chunk.records());
            taken += chunk.records();
            return true;
        }
    }

    private static String describe(Row row) {
        return row.line() + ":" + Arrays.asList(row.copyValues());
    }

    private static final List<String> FILES = List.of(
            "1,plain,2026-01-01 10:00:00\n2,\"a, \"\"quoted\"\"\",\n3,\"multi\nline\nnote\",\n4,\"\",\n5,,\n",
            "1,émoji 🎉 ünïcode,\n2,\"x\",y\n3,z,w\n",
            "1,a,b\n2,b\"c,d\n3,e,f\n",
            "1,a,b\n\n2,c,d\n\n\n3,e,f\n",
            "1,a,b\r\n2,\"c\r\nd\",e\r\n3,f,g\r\n",
            "1,\"a\rb\r\nc\nd\",e\r\n2,f,g\r\n3,h,i\n4,j,k\n",
            "1,a,b\n2,c,d\r\n3,e,f\r\n",
            "1,a,b\r\n2,c\rd,e\r\n",
            "1,a,b\r2,c,d\r",
            "1,a,b\n2,\\.,c\n\\.\n",
            "\uFEFF1,a,b\n2,c,d\n",
            "1,a,b\n2,\uFEFFc,d\n",
            "1,a,b\n2,c\n3,d,e\n",
            "1,a,b\n2,\"c\n",
            "1,a,b\n2,\"c\"d,e\n3,f,g",
            "1,\"a very long quoted value, longer than the smallest chunks\",b\n2,c,d\n");

    private static final List<String> HEADED = List.of(
            "id,note,at\n1,a,b\n2,\"c\nd\",e\n",
            "id,note,at\n",
            "id,note,at",
            "",
            "\uFEFFid,note,at\n1,a,b\n",
            "id,note\n1,a\n",
            "id,,at\n1,a,b\n",
            "id,note,id\n1,a,b\n",
            "\"id\",\"note\",at\n1,a,b\n",
            "id,\"no\nte\",at\n1,a,b\n",
            "id,note,at\n1,a,b\n2,c\n",
            "id,note,at\n1,a,b\n\n3,c,d\n",
            "id,note,at\n1,a,b\n2,c\"d,e\n3,f,g\n");

    @Test
    void filesWithAHeaderReadAsTheReaderReadsThemWhole() {
        CsvFormat headed = new CsvFormat(true, ',', '"', "", dev.lakeload.core.source.Compression.NONE, List.of());
        assertEveryWayThroughReadsAsWhole(new CsvRowReader(headed, List.of()), HEADED);
    }

    @Test
    void theRecordsAfterAHeaderGoAsBytesAtTheirLines() {
        CsvFormat headed = new CsvFormat(true, ',', '"', "", dev.lakeload.core.source.Compression.NONE, List.of());
        CsvRowReader reader = new CsvRowReader(headed, List.of());
        List<String> rows = new ArrayList<>();
        FakeSink sink = new FakeSink(4096, false, rows, reader);

        ReadResult result = reader.read(new ByteArrayInputStream("id,note,at\n1,\"a\nb\",c\n2,d,e\n"
                .getBytes(StandardCharsets.UTF_8)), FILE, sink, row -> rows.add("as a row: " + describe(row)));

        assertThat(sink.taken).isEqualTo(2);
        assertThat(rows).containsExactly("2:[1, a\nb, c]", "4:[2, d, e]");
        assertThat(result.rows()).isEqualTo(2);
    }

    @Test
    void everyWayThroughReadsWhatTheReaderReadsWhole() {
        assertEveryWayThroughReadsAsWhole(new CsvRowReader(CsvFormat.DMS_DEFAULT, FIELDS), FILES);
    }

    private static void assertEveryWayThroughReadsAsWhole(CsvRowReader reader, List<String> files) {
        for (String file : files) {
            byte[] bytes = file.getBytes(StandardCharsets.UTF_8);
            List<String> expected = new ArrayList<>();
            Object whole = outcome(() -> reader.read(new ByteArrayInputStream(bytes), FILE,
                    row -> expected.add(describe(row))));
            for (int chunkBytes : new int[] {4, 7, 13, 32, 4096}) {
                for (boolean everySecond : new boolean[] {false, true}) {
                    List<String> rows = new ArrayList<>();
                    FakeSink sink = new FakeSink(chunkBytes, everySecond, rows, reader);
                    Object through = outcome(() -> reader.read(new ByteArrayInputStream(bytes), FILE, sink,
                            row -> rows.add(describe(row))));
                    String as = file + " in chunks of " + chunkBytes + (everySecond ? ", every second taken" : "");

                    assertThat(through).as(as).isEqualTo(whole);
                    assertThat(rows.stream().sorted(CsvPassThroughTest::byLine).toList()).as(as)
                            .isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void cleanRecordsGoAsBytesAndTheReaderReadsFromTheFirstItRefuses() {
        CsvRowReader reader = new CsvRowReader(CsvFormat.DMS_DEFAULT, FIELDS);
        List<String> rows = new ArrayList<>();
        FakeSink sink = new FakeSink(4096, false, rows, reader);
        List<String> read = new ArrayList<>();

        ReadResult result = reader.read(new ByteArrayInputStream("1,a,b\n2,\"c\nd\",e\n\n3,f,g\n"
                .getBytes(StandardCharsets.UTF_8)), FILE, sink, row -> read.add(describe(row)));

        assertThat(sink.taken).isEqualTo(2);
        assertThat(read).containsExactly("5:[3, f, g]");
        assertThat(result.rows()).isEqualTo(3);
        assertThat(result.notes()).containsExactly("1 empty line(s) skipped in t/LOAD1.csv (first: line 4)");
    }

    @Test
    void aHeaderFileOrOneWhoseFieldsTheSinkRefusesGoesAllToRows() {
        CsvRowReader other = new CsvRowReader(CsvFormat.DMS_DEFAULT, List.of("id", "note"));
        List<String> rows = new ArrayList<>();
        FakeSink sink = new FakeSink(4096, false, rows, other);

        ReadResult result = other.read(new ByteArrayInputStream("1,a\n".getBytes(StandardCharsets.UTF_8)), FILE,
                sink, row -> rows.add(describe(row)));

        assertThat(sink.taken).isZero();
        assertThat(rows).containsExactly("1:[1, a]");
        assertThat(result.rows()).isEqualTo(1);
    }

    @Test
    void aReadFailureOrASinkFailureEndsTheReadWithoutLeavingTheReadingThreadWaiting() {
        CsvRowReader reader = new CsvRowReader(CsvFormat.DMS_DEFAULT, FIELDS);
        byte[] many = "1,a,b\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
        java.io.InputStream broken = new java.io.SequenceInputStream(new ByteArrayInputStream(many),
                new java.io.InputStream() {
                    @Override
                    public int read() throws java.io.IOException {
                        throw new java.io.IOException("connection reset");
                    }
                });
        List<String> rows = new ArrayList<>();

        assertThat(catchThrowable(() -> reader.read(broken, FILE, new FakeSink(64, false, rows, reader),
                row -> rows.add(describe(row))))).isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageContaining("connection reset");

        RawCsvSink failing = new FakeSink(64, false, rows, reader) {
            @Override
            public boolean acceptRaw(CsvChunk chunk) {
                throw new IllegalStateException("database gone");
            }
        };
        assertThat(catchThrowable(() -> reader.read(new ByteArrayInputStream(many), FILE, failing,
                row -> rows.add(describe(row)))))
                .hasMessage("database gone");
        // The read waited for its reading thread to stop.
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("lakeload-csv-read-ahead")
                && t.isAlive());
    }

    private static int byLine(String a, String b) {
        return Long.compare(Long.parseLong(a.substring(0, a.indexOf(':'))),
                Long.parseLong(b.substring(0, b.indexOf(':'))));
    }

    /** The result's count and notes, or the failure's type and message. */
    private static Object outcome(java.util.concurrent.Callable<ReadResult> read) {
        Throwable failure = catchThrowable(() -> {
            ReadResult r = read.call();
            throw new Done(r.rows() + " " + r.notes());
        });
        return failure instanceof Done done ? done.getMessage()
                : failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

    private static final class Done extends RuntimeException {
        Done(String what) {
            super(what);
        }
    }
}
