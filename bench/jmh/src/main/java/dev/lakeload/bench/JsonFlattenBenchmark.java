package dev.lakeload.bench;

import dev.lakeload.core.row.Row;
import dev.lakeload.core.row.RowSink;
import dev.lakeload.core.row.Schema;
import dev.lakeload.core.transform.TransformContext;
import dev.lakeload.json.ArrayMode;
import dev.lakeload.json.FlattenOptions;
import dev.lakeload.json.JsonFlattener;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * JSON flattening: {@link JsonFlattener} over MongoDB-style documents as DMS writes them to {@code _doc} (relaxed
 * and canonical Extended JSON, nested objects, an array of objects), with {@code arrays: jsonb} and {@code table}.
 * Score: nanoseconds per document; the setup prints the bytes per document, so MB/s = bytes / score * 1000.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JsonFlattenBenchmark {
    static final int DOCUMENTS = 20_000;
    private static final Schema INPUT = Schema.ofNames(List.of("_id", "_doc"));

    @Param({"JSONB", "TABLE"})
    public ArrayMode arrays;

    private List<Row> documents;

    @Setup
    public void generate() {
        Random random = new Random(7);
        documents = new ArrayList<>(DOCUMENTS);
        long bytes = 0;
        for (int i = 0; i < DOCUMENTS; i++) {
            boolean canonical = i % 2 == 0;
            String doc = "{\"_id\": {\"$oid\": \"" + String.format("%024x", i) + "\"}, \"no\": "
                    + (canonical ? "{\"$numberInt\": \"" + i + "\"}" : i) + ", \"at\": {\"$date\": "
                    + (canonical ? "{\"$numberLong\": \"" + (1_600_000_000_000L + i) + "\"}"
                    : "\"2023-05-10T12:15:30.501Z\"") + "}, \"customer\": {\"name\": \"Customer "
                    + random.nextInt(100_000) + "\", \"address\": {\"city\": \"Springfield\", \"zip\": \"0"
                    + (1000 + random.nextInt(8999)) + "\"}}, \"total\": {\"$numberDecimal\": \""
                    + random.nextInt(10_000) + ".25\"}, \"items\": [{\"sku\": \"A-" + random.nextInt(999)
                    + "\", \"qty\": 2}, {\"sku\": \"B\", \"qty\": 1}], \"note\": \"leave it with the neighbour, "
                    + "please \\\"now\\\" 🎉\"}";
            bytes += doc.getBytes(StandardCharsets.UTF_8).length;
            documents.add(new Row(INPUT, new String[] {Integer.toString(i), doc}, "LOAD00000001.csv", i + 1));
        }
        System.out.printf("%n%d documents, %.1f bytes per document%n", DOCUMENTS, (double) bytes / DOCUMENTS);
    }

    @Benchmark
    @OperationsPerInvocation(DOCUMENTS)
    public void flatten(Blackhole out) {
        JsonFlattener flattener = new JsonFlattener(FlattenOptions.DEFAULTS.withArrays(arrays));
        RowSink sink = new RowSink() {
            @Override
            public void accept(Row row) {
                out.consume(row);
            }

            @Override
            public void reject(Row origin, String column, String rawValue, String reason) {
                out.consume(reason);
            }
        };
        flattener.begin(new TransformContext("orders", List.of("_id"), Map.of()));
        for (Row document : documents) {
            flattener.transform(document, sink);
        }
        flattener.end(sink);
    }
}
