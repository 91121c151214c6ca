package dev.lakeload.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.core.config.LoadMode;
import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.pipeline.TableResult;
import dev.lakeload.core.pipeline.TableStatus;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rejects among enough staged rows (a few MB, hundreds of blocks) that the value finder narrows the staging table
 * by parts before it asks for reasons ({@link BadValues}): bad values at its first and last rows, in several
 * columns and parts, a suspect that is no reject, a key that does not convert in an upsert, and change data whose
 * deletes leave their other fields empty. Each finds
 * exactly the rejects that asking every value finds, and loads every other row.
 */
class ManyRowRejectsIT {
    private static final int ROWS = 20_000;

    @TempDir
    Path lake;

    private LoadFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new LoadFixture(lake, "manyrejects");
    }

    private static TableSpec.Builder orders() {
        return TableSpec.builder("orders", "shop/orders/").column("id", "bigint").column("customer_id", "bigint")
                .column("amount", "numeric(12,2)").column("code", "varchar(5)").column("created_at", "timestamp")
                .column("note", "text").primaryKey(List.of("id")).maxRejects(10);
    }

    /** A file of {@link #ROWS} orders from id {@code first}, with {@code change} giving a line's own text. */
    private void writeOrders(String name, int first, IntFunction<String> change) {
        writeOrders(name, "", first, change);
    }

    /** The same, each line but the changed ones starting with {@code op} (change data: {@code "U,"}). */
    private void writeOrders(String name, String op, int first, IntFunction<String> change) {
        StringBuilder csv = new StringBuilder();
        for (int line = 1; line <= ROWS; line++) {
            String own = change.apply(line);
            csv.append(own != null ? own : op + (first + line - 1) + "," + (line % 97) + "," + line + ".25,c" + (line % 9)
                    + ",2026-01-02 03:04:05,\"a note, with a comma and some padding to fill blocks\"").append('\n');
        }
        fixture.write("shop/orders/" + name, csv.toString());
    }

    @Test
    void badValuesInTheFirstAndTheLastStagedRowAreFound() {
        writeOrders("LOAD00000001.csv", 1, line -> line == 1 ? "1,1,x1,c,2026-01-02 03:04:05," : null);
        writeOrders("LOAD00000002.csv", ROWS + 1, line -> line == ROWS
                ? (2 * ROWS) + ",1,1.00,c,2026-02-30 10:00," : null);

        TableResult result = fixture.load(orders().build());

        assertThat(result.status()).isEqualTo(TableStatus.LOADED);
        assertThat(result.rowsLoaded()).isEqualTo(2 * ROWS - 2);
        assertThat(result.rowsRejected()).isEqualTo(2);
        assertThat(fixture.rejects()).containsExactly(
                List.of("shop/orders/LOAD00000001.csv", "1", "amount", "x1",
                        "not a valid numeric(12,2): invalid input syntax for type numeric: \"x1\""),
                List.of("shop/orders/LOAD00000002.csv", String.valueOf(ROWS), "created_at", "2026-02-30 10:00",
                        "not a valid timestamp without time zone: date/time field value out of range: "
                                + "\"2026-02-30 10:00\""));
        assertThat(fixture.db.queryValue("SELECT count(*) || ' ' || min(id) || ' ' || max(id) FROM orders"))
                .isEqualTo((2 * ROWS - 2) + " 2 " + (2 * ROWS - 1));
    }

    @Test
    void severalBadValuesInDifferentColumnsAndPartsAreEachRejected() {
        fixture.db.execute("CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, "
                + "amount numeric(12,2), code varchar(5), created_at timestamp, note text)");
        writeOrders("LOAD00000001.csv", 1, line -> switch (line) {
            case 5 -> "5,1,1e20,c,2026-01-02 03:04:05,overflow";
            case 5_000 -> "5000,1,1.00,toolong,never,two in one row";
            case 9_000 -> "9000,1,1.00,abcde   ,2026-01-02 03:04:05,trailing spaces are stored without them";
            case ROWS -> ROWS + ",,1.00,c,2026-01-02 03:04:05,no customer";
            default -> null;
        });
        writeOrders("LOAD00000002.csv", ROWS + 1, line -> line == 7_000 ? "12a,1,1.00,c,2026-01-02 03:04:05," : null);

        TableResult result = fixture.load(orders().build());

        assertThat(result.status()).isEqualTo(TableStatus.LOADED);
        assertThat(result.rowsLoaded()).isEqualTo(2 * ROWS - 4);
        assertThat(result.rowsRejected()).isEqualTo(4);
        String first = "shop/orders/LOAD00000001.csv";
        assertThat(fixture.rejects()).containsExactlyInAnyOrder(
                List.of(first, "5", "amount", "1e20", "not a valid numeric(12,2): numeric field overflow"),
                List.of(first, "5000", "code", "toolong",
                        "not a valid character varying(5): value too long for type character varying(5)"),
                List.of(first, "5000", "created_at", "never",
                        "not a valid timestamp without time zone: invalid input syntax for type timestamp: "
                                + "\"never\""),
                Arrays.asList(first, String.valueOf(ROWS), "customer_id", null, "NULL in NOT NULL column customer_id"),
                List.of("shop/orders/LOAD00000002.csv", "7000", "id", "12a",
                        "not a valid bigint: invalid input syntax for type bigint: \"12a\""));
        assertThat(fixture.db.queryValue("SELECT code || '|' || note FROM orders WHERE id = 9000"))
                .isEqualTo("abcde|trailing spaces are stored without them");
    }

    @Test
    void inChangeDataOnlyTheKeyOfADeleteIsChecked() {
        fixture.db.execute("CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, "
                + "amount numeric(12,2), code varchar(5), created_at timestamp, note text)");
        writeOrders("LOAD00000001.csv", 1, line -> null);
        fixture.load(orders().mode(LoadMode.CDC).build());
        // Updates of ids 1 to 20,000; line 3 deletes id 3 (DMS leaves a delete's other fields empty), line 18,000
        // updates id 18,000 with an amount that does not convert.
        writeOrders("20260101-000000000.csv", "U,", 1, line -> switch (line) {
            case 3 -> "D,3,,,,,";
            case 18_000 -> "U,18000,1,12.3x,c,2026-01-02 03:04:05,bad amount";
            default -> null;
        });

        TableResult result = fixture.load(orders().mode(LoadMode.CDC).build());

        assertThat(result.status()).as(result.error()).isEqualTo(TableStatus.LOADED);
        assertThat(fixture.rejects()).containsExactly(List.of("shop/orders/20260101-000000000.csv", "18000",
                "amount", "12.3x", "not a valid numeric(12,2): invalid input syntax for type numeric: \"12.3x\""));
        assertThat(fixture.db.queryValue("SELECT count(*) || ' ' || count(*) FILTER (WHERE id = 3) FROM orders"))
                .isEqualTo((ROWS - 1) + " 0");
        assertThat(fixture.db.queryValue("SELECT amount FROM orders WHERE id = 18000")).isEqualTo("18000.25");
    }

    @Test
    void aKeyThatDoesNotConvertInAnUpsertIsRejectedAndTheOtherRowsMerge() {
        writeOrders("LOAD00000001.csv", 1, line -> null);
        fixture.load(orders().mode(LoadMode.UPSERT).build());
        // Ids 10,001 to 30,000: the first half updates rows, the second inserts; line 12,000 has a bad key, and
        // line 15,000 brings id 10,001 again, superseding line 1.
        writeOrders("20260101-000000000.csv", 10_001, line -> switch (line) {
            case 12_000 -> "k22000,1,1.00,c,2026-01-02 03:04:05,bad key";
            case 15_000 -> "10001,1,99.00,late,2026-01-02 03:04:05,the last of its key";
            default -> null;
        });

        TableResult result = fixture.load(orders().mode(LoadMode.UPSERT).build());

        assertThat(result.status()).isEqualTo(TableStatus.LOADED);
        assertThat(result.rowsRejected()).isEqualTo(1);
        assertThat(fixture.rejects()).containsExactly(List.of("shop/orders/20260101-000000000.csv", "12000", "id",
                "k22000", "not a valid bigint: invalid input syntax for type bigint: \"k22000\""));
        // Ids 1 to 30,000 but 22,000 (the bad key's) and 25,000 (line 15,000's, which brought 10,001 instead).
        assertThat(fixture.db.queryValue("SELECT count(*) FROM orders")).isEqualTo(String.valueOf(30_000 - 2));
        assertThat(fixture.db.queryValue("SELECT amount || ' ' || code FROM orders WHERE id = 10001"))
                .isEqualTo("99.00 late");
    }
}
