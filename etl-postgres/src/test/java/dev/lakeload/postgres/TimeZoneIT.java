package dev.lakeload.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.pipeline.TableResult;
import dev.lakeload.core.pipeline.TableStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.TimeZone;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A load means the same instants wherever it runs: the JDBC driver sets the session's time zone from the JVM's,
 * so these loads run in a JVM whose default zone is Asia/Tokyo (UTC+9).
 */
class TimeZoneIT {
    private static final String INSTANTS = "SELECT id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || 'Z', "
            + "local::text FROM events ORDER BY id";

    @TempDir
    Path lake;

    private LoadFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new LoadFixture(lake, "zones");
    }

    private static TableSpec.Builder events() {
        return TableSpec.builder("events", "app/events/").column("id", "bigint").column("at", "timestamptz")
                .column("local", "timestamp");
    }

    private static <T> T inTokyo(Supplier<T> action) {
        TimeZone before = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Asia/Tokyo"));
        try {
            return action.get();
        } finally {
            TimeZone.setDefault(before);
        }
    }

    @Test
    void valuesWithoutOffsetAreReadInUtcByDefaultWhateverTheLoadingMachinesZone() {
        fixture.write("app/events/LOAD00000001.csv", "1,2026-01-01 10:00:00,2026-01-01 10:00:00\n"
                + "2,2026-07-01 10:00:00+02,2026-07-01 10:00:00\n");

        TableResult result = inTokyo(() -> fixture.load(events().build()));

        assertThat(result.status()).as(result.error()).isEqualTo(TableStatus.LOADED);
        assertThat(fixture.db.query(INSTANTS)).containsExactly(
                List.of("1", "2026-01-01 10:00Z", "2026-01-01 10:00:00"),
                List.of("2", "2026-07-01 08:00Z", "2026-07-01 10:00:00"));
    }

    @Test
    void aTableTimeZoneReadsLocalTimesOfThatZone() {
        fixture.write("app/events/LOAD00000001.csv", "1,2026-01-01 10:00:00,2026-01-01 10:00:00\n"
                + "2,2026-07-01 10:00:00,2026-07-01 10:00:00-04\n");

        TableResult result = inTokyo(() -> fixture.load(events().timeZone("America/New_York").build()));

        assertThat(result.status()).as(result.error()).isEqualTo(TableStatus.LOADED);
        assertThat(fixture.db.query(INSTANTS)).containsExactly(
                List.of("1", "2026-01-01 15:00Z", "2026-01-01 10:00:00"),
                List.of("2", "2026-07-01 14:00Z", "2026-07-01 10:00:00"));
    }

    @Test
    void anOffsetThatATimestampColumnWouldDropIsRejected() {
        fixture.write("app/events/LOAD00000001.csv", "1,2026-01-01 10:00:00,2026-01-01 10:00:00+00\n"
                + "2,2026-01-01 10:00:00,2026-01-01 10:00:00+02\n");

        TableResult failed = inTokyo(() -> fixture.load(events().build()));

        assertThat(failed.status()).isEqualTo(TableStatus.FAILED);
        assertThat(failed.error()).contains("app/events/LOAD00000001.csv", "line 2", "column local",
                "has a time zone offset that a timestamp column would drop", "timeZone (UTC)",
                "2026-01-01 10:00:00+02");

        TableResult loaded = inTokyo(() -> fixture.load(events().maxRejects(1).build()));

        assertThat(loaded.rowsLoaded()).isEqualTo(1);
        assertThat(fixture.db.query(INSTANTS)).containsExactly(
                List.of("1", "2026-01-01 10:00Z", "2026-01-01 10:00:00"));
        assertThat(fixture.rejects()).extracting(r -> r.get(1) + " " + r.get(2)).containsExactly("2 local");
    }
}
