package dev.lakeload.core.csv;

import dev.lakeload.bench.OrdersCsv;
import dev.lakeload.core.config.CsvFormat;
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

/**
 * The pass-through's byte scanner ({@link CsvRecordScanner}) over the in-memory orders file of
 * {@code CsvReadBenchmark}, for comparison with {@code csvToRows}: record boundaries, field counts and the offset
 * check, no decoding. Score: nanoseconds per row. In this package to reach the package-private scanner.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CsvScanBenchmark {
    static final int ROWS = 100_000;

    private final CsvRecordScanner scanner = new CsvRecordScanner(CsvFormat.DMS_DEFAULT, OrdersCsv.FIELDS.size());
    private byte[] file;

    @Setup
    public void generate() {
        file = OrdersCsv.generate(ROWS);
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public int scanRecords() {
        int end = scanner.scan(file, file.length, true, true);
        if (scanner.records() != ROWS) {
            throw new IllegalStateException("scanned " + scanner.records() + " records: " + scanner.refusal());
        }
        return end;
    }
}
