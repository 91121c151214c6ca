package dev.lakeload.postgres;

import dev.lakeload.bench.OrdersCsv;
import dev.lakeload.core.config.NulPolicy;
import dev.lakeload.core.row.Row;
import java.util.List;
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
 * Rows to the COPY stream: {@link CopyTextEncoder} turning read rows into COPY text bytes as staging sends them
 * (origin columns, escapes, UTF-8), the buffer emptied at 1 MiB as a send would. Score: nanoseconds per row. In
 * this package because the encoder is package-private.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CopyEncodeBenchmark {
    static final int ROWS = 100_000;

    private List<Row> rows;
    private long bytes;

    @Setup
    public void read() {
        rows = OrdersCsv.read(OrdersCsv.generate(ROWS));
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long rowsToCopyText() {
        CopyTextEncoder encoder = new CopyTextEncoder(NulPolicy.REJECT);
        for (Row row : rows) {
            encoder.beginRow(1, row.line());
            for (int i = 0; i < row.size(); i++) {
                encoder.value(row.get(i));
            }
            encoder.endRow();
            if (encoder.length() >= 1 << 20) {
                bytes += encoder.length();
                encoder.clear();
            }
        }
        return bytes + encoder.length();
    }
}
