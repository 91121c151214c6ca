package dev.lakeload.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.pipeline.TableResult;
import dev.lakeload.core.pipeline.TableStatus;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the column types change in values they accept, exactly as the README's "How values are typed" says. */
class ValueRulesIT {
    @TempDir
    Path lake;

    @Test
    void eachTypeStoresWhatTheReadmeSays() {
        LoadFixture fixture = new LoadFixture(lake, "values");
        String json = "\"{\"\"a\"\":1,\"\"a\"\":2}\"";
        fixture.write("app/values/LOAD00000001.csv", String.join(",", " x ", "abcde  ", "ab", "1.005", "1.50",
                "3.14159265358979", "+3.23800011e+01", " +012 ", "YES", "2026-01-01 10:00:00.1234567",
                "2026-01-01 10:00:00.12345", "2026-01-01 10:00:00", "2026-01-01 10:00", "10:00+02", json, json,
                "{A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11}") + "\n" + ",,,-1.5E-3,,,,,off,2026-01-01 10:00:00Z,,,,,,,\n");
        TableSpec values = TableSpec.builder("vals", "app/values/").column("t", "text").column("vc", "varchar(5)")
                .column("c", "char(3)").column("n", "numeric(12,2)").column("plain", "numeric").column("r", "real")
                .column("d", "double precision").column("i", "integer").column("b", "boolean")
                .column("ts", "timestamp").column("ts3", "timestamp(3)").column("tstz", "timestamptz")
                .column("dt", "date").column("tm", "time").column("j", "jsonb").column("js", "json")
                .column("u", "uuid").build();

        TableResult result = fixture.load(values);

        assertThat(result.status()).as(result.error()).isEqualTo(TableStatus.LOADED);
        assertThat(fixture.db.query("SELECT t, vc, c, octet_length(c)::text, c = 'ab', n, plain, r, d, i, b, ts, "
                + "ts3, tstz AT TIME ZONE 'UTC', dt, tm, j, js, u FROM vals ORDER BY b DESC")).containsExactly(
                Arrays.asList(" x ", "abcde", "ab ", "3", "t", "1.01", "1.50", "3.1415927", "32.3800011", "12", "t",
                        "2026-01-01 10:00:00.123457", "2026-01-01 10:00:00.123", "2026-01-01 10:00:00",
                        "2026-01-01", "10:00:00", "{\"a\": 2}", "{\"a\":1,\"a\":2}",
                        "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
                Arrays.asList(null, null, null, null, null, "0.00", null, null, null, null, "f",
                        "2026-01-01 10:00:00", null, null, null, null, null, null, null));
        assertThat(fixture.rejects()).isEmpty();
    }
}
