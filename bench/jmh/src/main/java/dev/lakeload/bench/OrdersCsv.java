package dev.lakeload.bench;

import dev.lakeload.core.config.CsvFormat;
import dev.lakeload.core.csv.CsvRowReader;
import dev.lakeload.core.row.Row;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * DMS-style {@code orders} CSV in memory, shaped like {@code bench/generate-dms-orders.py}'s: eight columns, NULLs
 * and empty strings, quoted notes with doubled quotes, commas, embedded newlines and unicode.
 */
public final class OrdersCsv {
    /** The columns, in file order. */
    public static final List<String> FIELDS = List.of("id", "customer_id", "status", "amount", "currency", "note",
            "created_at", "padding");
    private static final String[] NOTES = {"", "\"\"", "\"He said \"\"never again\"\"\"", "\"Gift wrap, please\"",
        "emoji 🎉", "\"multi\nline\"", "日本語", "plain note"};
    private static final String[] STATUSES = {"paid", "pending", "refunded", "shipped"};
    private static final String[] CURRENCIES = {"USD", "EUR", "JPY"};

    private OrdersCsv() {
    }

    /** {@code rows} records as the UTF-8 bytes of one file. */
    public static byte[] generate(int rows) {
        Random random = new Random(42);
        StringBuilder csv = new StringBuilder(rows * 110);
        for (int id = 1; id <= rows; id++) {
            csv.append(id).append(',').append(random.nextInt(100_000)).append(',')
                    .append(STATUSES[random.nextInt(STATUSES.length)]).append(',').append(random.nextInt(1000))
                    .append('.').append(10 + random.nextInt(90)).append(',')
                    .append(CURRENCIES[random.nextInt(CURRENCIES.length)]).append(',')
                    .append(NOTES[random.nextInt(NOTES.length)]).append(",2025-0").append(1 + random.nextInt(9))
                    .append("-1").append(random.nextInt(10)).append(" 1").append(random.nextInt(10)).append(":0")
                    .append(random.nextInt(10)).append(":4").append(random.nextInt(10)).append('.')
                    .append(100_000 + random.nextInt(900_000)).append(',')
                    .append("x".repeat(10 + random.nextInt(30))).append('\n');
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The rows of {@code bytes} as lakeload's CSV reader reads them. */
    public static List<Row> read(byte[] bytes) {
        List<Row> rows = new ArrayList<>();
        new CsvRowReader(CsvFormat.DMS_DEFAULT, FIELDS).read(new ByteArrayInputStream(bytes), "LOAD00000001.csv",
                rows::add);
        return rows;
    }
}
