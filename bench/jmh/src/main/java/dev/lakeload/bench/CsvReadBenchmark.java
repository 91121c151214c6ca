package dev.lakeload.bench;

import dev.lakeload.core.config.CsvFormat;
import dev.lakeload.core.csv.CsvRowReader;
import java.io.ByteArrayInputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * CSV to rows: {@link CsvRowReader} over one in-memory file of DMS-style orders (UTF-8 decoding, FastCSV, the NULL
 * and line bookkeeping, a {@code Row} per record). Score: nanoseconds per row; the setup prints the bytes per row.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CsvReadBenchmark {
    static final int ROWS = 100_000;

    private final CsvRowReader reader = new CsvRowReader(CsvFormat.DMS_DEFAULT, OrdersCsv.FIELDS);
    private byte[] file;

    @Setup
    public void generate() {
        file = OrdersCsv.generate(ROWS);
        System.out.printf("%n%d rows, %.1f bytes per row%n", ROWS, (double) file.length / ROWS);
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long csvToRows(Blackhole rows) {
        return reader.read(new ByteArrayInputStream(file), "LOAD00000001.csv", rows::consume).rows();
    }
}
