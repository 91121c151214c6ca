package dev.lakeload.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.lakeload.core.row.Row;
import dev.lakeload.core.row.RowSink;
import dev.lakeload.core.row.Schema;
import dev.lakeload.core.transform.TransformContext;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Documents per second through {@link JsonFlattener} on one thread, for ~1 KB MongoDB order documents in relaxed
 * and canonical Extended JSON. Not a test (surefire runs only {@code *Test}); run it after
 * {@code ./mvnw -q -pl etl-json-flatten -am test-compile} with:
 * <pre>{@code
 * cd etl-json-flatten && java -cp target/test-classes:target/classes:../etl-core/target/classes:$(ls \
 *     ~/.m2/repository/com/fasterxml/jackson/core/jackson-core/2.21.8/jackson-core-2.21.8.jar) \
 *     dev.lakeload.json.FlattenBenchmark [documents] [rounds]
 * }</pre>
 */
public final class FlattenBenchmark {
    private static final Schema INPUT = Schema.ofNames(List.of("_id", "_doc"));
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private FlattenBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int documents = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        List<Row> rows = generate(documents);
        long bytes = rows.stream().mapToLong(row -> row.get(1).getBytes(StandardCharsets.UTF_8).length).sum();
        System.out.printf("%d documents, %.0f bytes on average%n", documents, (double) bytes / documents);
        for (int round = 0; round < rounds; round++) {
            long start = THREADS.getCurrentThreadCpuTime();
            long tokens = tokenize(rows);
            long cpuNanos = THREADS.getCurrentThreadCpuTime() - start;
            System.out.printf("baseline (Jackson tokens and their text only) round %d: %,.0f documents/s per CPU "
                    + "second, %d tokens%n", round, documents * 1e9 / cpuNanos, tokens);
        }
        for (ArrayMode mode : ArrayMode.values()) {
            JsonFlattener flattener = new JsonFlattener(FlattenOptions.DEFAULTS.withArrays(mode));
            Counter counter = new Counter();
            for (int round = 0; round < rounds; round++) {
                flattener.begin(new TransformContext("orders", List.of("_id"), Map.of()));
                long start = System.nanoTime();
                long cpuStart = THREADS.getCurrentThreadCpuTime();
                for (Row row : rows) {
                    flattener.transform(row, counter);
                }
                long nanos = System.nanoTime() - start;
                // CPU time too: on a shared machine the wall clock also counts time spent waiting for a core.
                long cpuNanos = THREADS.getCurrentThreadCpuTime() - cpuStart;
                System.out.printf("arrays=%s round %d: %,.0f documents/s (%,.0f per CPU second), %.1f MB/s, "
                        + "%d rows out, %d rejects%n", mode, round, documents * 1e9 / nanos,
                        documents * 1e9 / cpuNanos, bytes * 1e3 / nanos, counter.rows, counter.rejects);
                counter.rows = 0;
            }
        }
    }

    /** The least any flattener does: every token read, every value's text made a String. */
    private static long tokenize(List<Row> rows) throws IOException {
        JsonFactory factory = new JsonFactory();
        long tokens = 0;
        for (Row row : rows) {
            try (JsonParser parser = factory.createParser(row.get(1))) {
                for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
                    if (t.isScalarValue() && parser.getText() != null) {
                        tokens++;
                    }
                }
            }
        }
        return tokens;
    }

    private static List<Row> generate(int count) {
        Random random = new Random(42);
        List<Row> rows = new ArrayList<>(count);
        String[] statuses = {"new", "paid", "shipped", "delivered", "returned"};
        for (int i = 0; i < count; i++) {
            String id = String.format("%024x", 0x5f00000000L + i);
            StringBuilder doc = new StringBuilder(1200);
            boolean canonical = i % 2 == 0;
            doc.append("{\"_id\": {\"$oid\": \"").append(id).append("\"}, \"orderNo\": ")
                    .append(canonical ? "{\"$numberInt\": \"" + i + "\"}" : Integer.toString(i))
                    .append(", \"status\": \"").append(statuses[random.nextInt(statuses.length)]).append('"')
                    .append(", \"createdAt\": {\"$date\": ")
                    .append(canonical ? "{\"$numberLong\": \"" + (1_600_000_000_000L + i * 1000L) + "\"}"
                            : "\"2023-05-" + (10 + i % 18) + "T12:15:30.501Z\"")
                    .append("}, \"customer\": {\"name\": \"Customer ").append(random.nextInt(100_000))
                    .append("\", \"email\": \"c").append(i).append("@example.com\", \"vip\": ")
                    .append(random.nextBoolean()).append(", \"address\": {\"street\": \"")
                    .append(random.nextInt(999)).append(" Long Street Name\", \"city\": \"Springfield\", ")
                    .append("\"zip\": \"0").append(1000 + random.nextInt(8999))
                    .append("\", \"country\": \"GB\"}}, \"total\": {\"$numberDecimal\": \"")
                    .append(random.nextInt(10_000)).append('.').append(10 + random.nextInt(89)).append("\"}")
                    .append(", \"items\": [");
            for (int item = 0; item < 3; item++) {
                doc.append(item == 0 ? "" : ", ").append("{\"sku\": \"SKU-").append(random.nextInt(10_000))
                        .append("\", \"qty\": ").append(1 + random.nextInt(5)).append(", \"price\": ")
                        .append(random.nextInt(100)).append('.').append(random.nextInt(100)).append('}');
            }
            doc.append("], \"tags\": [\"gift\", \"express\"], \"metrics\": {\"views\": ")
                    .append(random.nextInt(1000)).append(", \"score\": ").append(random.nextDouble())
                    .append("}, \"notes\": \"")
                    .append("Please leave the parcel with the neighbour at number 12 if nobody answers. ".repeat(5))
                    .append("\"}");
            rows.add(new Row(INPUT, new String[] {id, doc.toString()}, "LOAD00000001.csv", i + 1));
        }
        return rows;
    }

    private static final class Counter implements RowSink {
        long rows;
        long rejects;

        @Override
        public void accept(Row row) {
            rows++;
        }

        @Override
        public void reject(Row origin, String column, String rawValue, String reason) {
            rejects++;
        }
    }
}
