package dev.lakeload.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.pipeline.TableResult;
import dev.lakeload.core.pipeline.TableStatus;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values reach promotion statements as bind parameters, never quoted into SQL text: column names and reasons with
 * quotes and backslashes arrive in {@code lakeload.rejects} exactly, also on a server whose
 * {@code standard_conforming_strings} is off (where a backslash in a quoted string is an escape).
 */
class BoundValuesIT {
    private static final String AMOUNT = "it's a \\ path";
    private static final String KEY = "k\\ey";

    @TempDir
    Path lake;

    private LoadFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new LoadFixture(lake, "bound");
        String database = fixture.db.queryValue("SELECT current_database()");
        fixture.db.execute("ALTER DATABASE " + Sql.ident(database) + " SET standard_conforming_strings = off");
    }

    @Test
    void aValueThatDoesNotConvertIsRecordedUnderItsExactColumnName() {
        fixture.write("shop/orders/LOAD00000001.csv", "1,2.50\n2,x\n");

        TableResult result = fixture.load(TableSpec.builder("orders", "shop/orders/").column("id", "bigint")
                .column(AMOUNT, "numeric").maxRejects(1).build());

        assertThat(result.status()).as(result.error()).isEqualTo(TableStatus.LOADED);
        assertThat(fixture.rejects()).containsExactly(List.of("shop/orders/LOAD00000001.csv", "2", AMOUNT, "x",
                "not a valid numeric: invalid input syntax for type numeric: \"x\""));
    }

    @Test
    void aDuplicateKeyIsRecordedUnderItsExactColumnName() {
        fixture.write("shop/items/LOAD00000001.csv", "1,a\n1,b\n");

        TableResult result = fixture.load(TableSpec.builder("items", "shop/items/").column(KEY, "bigint")
                .column("name", "text").primaryKey(List.of(KEY)).maxRejects(1).build());

        assertThat(result.status()).as(result.error()).isEqualTo(TableStatus.LOADED);
        assertThat(fixture.rejects()).containsExactly(List.of("shop/items/LOAD00000001.csv", "2", KEY, "1",
                "duplicate key (" + KEY + ")=(1): also in this load at shop/items/LOAD00000001.csv, line 1"));
    }
}
