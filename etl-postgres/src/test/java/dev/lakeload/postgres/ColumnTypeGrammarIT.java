package dev.lakeload.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.core.ConfigException;
import dev.lakeload.core.config.ColumnSpec;
import dev.lakeload.testkit.pg.PostgresServer;
import dev.lakeload.testkit.pg.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The declared-type grammar {@link ColumnSpec} checks offline (what {@code lakeload validate} accepts) agrees with
 * what PostgreSQL takes as the type of a column: a type the grammar accepts creates a column, and text that could
 * smuggle a clause into {@code CREATE TABLE} is refused by the grammar although the server would run it.
 */
class ColumnTypeGrammarIT {
    private final TestDatabase db = PostgresServer.shared().newDatabase("grammar");

    @Test
    void everyTypeTheGrammarAcceptsCreatesAColumn() {
        db.execute("CREATE SCHEMA shop; CREATE TYPE shop.mood AS ENUM ('ok'); CREATE DOMAIN code AS varchar(5)");
        for (String type : List.of("bigint", "numeric(12, 2)", "varchar(5)[]", "int[3][3]",
                "integer array", "integer array[4]", "double precision", "character varying(20)", "char(3)",
                "national character varying(2)", "bit varying(8)", "bit(2)", "timestamp(3) with time zone",
                "time without time zone", "interval day to second(3)", "interval year to month", "shop.mood",
                "code", "TIMESTAMPTZ", "jsonb", "uuid[]")) {
            assertThat(new ColumnSpec("x", type).type()).isEqualTo(type);
            db.execute("CREATE TEMP TABLE t (x " + type + "); DROP TABLE t");
        }
    }

    @Test
    void clausesAfterTheTypeAreRefusedThoughTheServerWouldRunThem() {
        for (String type : List.of("text default pg_sleep(0)", "text not null", "bigint primary key",
                "text collate \"C\"", "numeric check (true)")) {
            db.execute("CREATE TEMP TABLE t (x " + type + "); DROP TABLE t");
            assertThat(accepts(type)).as(type).isFalse();
        }
    }

    private static boolean accepts(String type) {
        try {
            new ColumnSpec("x", type);
            return true;
        } catch (ConfigException e) {
            return false;
        }
    }
}
