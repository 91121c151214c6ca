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
 * Values longer than a column's length are rejected, never cut short: PostgreSQL's own INSERT and COPY refuse them,
 * where an explicit cast ({@code ::varchar(5)}) would truncate.
 */
class LengthLimitedTypesIT {
    @TempDir
    Path lake;

    private LoadFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new LoadFixture(lake, "lengths");
    }

    private static TableSpec.Builder codes() {
        return TableSpec.builder("codes", "shop/codes/").column("id", "bigint").column("cur", "char(3)")
                .column("vc", "varchar(5)").column("bits", "bit(2)");
    }

    @Test
    void overLongValuesAreRejectedInANewTable() {
        fixture.write("shop/codes/LOAD00000001.csv", "1,EURO,abcdefghij,101\n2,EUR,abcde,10\n");

        TableResult failed = fixture.load(codes().build());

        assertThat(failed.status()).isEqualTo(TableStatus.FAILED);
        assertThat(failed.error()).contains("shop/codes/LOAD00000001.csv", "line 1",
                "value too long for type character(3)", "EURO");
        assertThat(fixture.db.queryValue("SELECT count(*) FROM lakeload.files")).isEqualTo("0");

        TableResult loaded = fixture.load(codes().maxRejects(1).build());

        assertThat(loaded.status()).isEqualTo(TableStatus.LOADED);
        assertThat(loaded.rowsLoaded()).isEqualTo(1);
        assertThat(fixture.db.query("SELECT id, cur, vc, bits::text FROM codes")).containsExactly(
                List.of("2", "EUR", "abcde", "10"));
        assertThat(fixture.rejects()).containsExactly(
                List.of("shop/codes/LOAD00000001.csv", "1", "bits", "101",
                        "not a valid bit(2): bit string length 3 does not match type bit(2)"),
                List.of("shop/codes/LOAD00000001.csv", "1", "cur", "EURO",
                        "not a valid character(3): value too long for type character(3)"),
                List.of("shop/codes/LOAD00000001.csv", "1", "vc", "abcdefghij",
                        "not a valid character varying(5): value too long for type character varying(5)"));
    }

    @Test
    void overLongValuesAreRejectedInAnExistingTable() {
        fixture.db.execute("CREATE TABLE codes (id bigint, cur char(3), vc varchar(5), bits bit(2))");
        fixture.write("shop/codes/LOAD00000001.csv", "1,EURO,abcdefghij,101\n");

        TableResult result = fixture.load(codes().maxRejects(1).build());

        assertThat(result.status()).isEqualTo(TableStatus.LOADED);
        assertThat(result.rowsRejected()).isEqualTo(1);
        assertThat(fixture.db.queryValue("SELECT count(*) FROM codes")).isEqualTo("0");
        assertThat(fixture.rejects()).extracting(r -> r.get(2)).containsExactly("bits", "cur", "vc");
    }

    @Test
    void everyTypeWhoseExplicitCastDiffersFromStoringIsChecked() {
        fixture.db.execute("""
                CREATE DOMAIN short_code AS varchar(5);
                CREATE DOMAIN shorter_code AS short_code CHECK (VALUE <> 'x');
                CREATE TABLE kinds (id bigint, vb varbit(3), amount numeric(4,2), codes varchar(5)[], flags bit(2)[],
                                    chars char(2)[], code short_code, nested shorter_code)""");
        fixture.write("shop/kinds/LOAD00000001.csv", """
                1,101,12.34,"{abcde,ab}","{10,01}","{ab,c}",abcde,abcde
                2,1011,,,,,,
                3,,,"{abcdefghij}",,,,
                4,,,,"{101}",,,
                5,,,,,"{abc}",,
                6,,,,,,abcdefghij,
                7,,,,,,,abcdefghij
                """);

        TableResult result = fixture.load(kinds());

        assertThat(result.status()).isEqualTo(TableStatus.LOADED);
        assertThat(fixture.db.query("SELECT id, vb::text, amount, codes::text, flags::text, chars::text, code, nested "
                + "FROM kinds")).containsExactly(List.of("1", "101", "12.34", "{abcde,ab}", "{10,01}", "{ab,\"c \"}",
                "abcde", "abcde"));
        assertThat(fixture.rejects()).extracting(r -> r.get(1) + " " + r.get(2) + ": " + r.get(4)).containsExactly(
                "2 vb: not a valid bit varying(3): bit string too long for type bit varying(3)",
                "3 codes: not a valid character varying(5)[]: value too long for type character varying(5)",
                "4 flags: not a valid bit(2)[]: bit string length 3 does not match type bit(2)",
                "5 chars: not a valid character(2)[]: value too long for type character(2)",
                "6 code: not a valid short_code: value too long for type character varying(5)",
                "7 nested: not a valid shorter_code: value too long for type character varying(5)");
    }

    @Test
    void domainChecksAndNumericOverflowsAreRejectsToo() {
        fixture.db.execute("""
                CREATE DOMAIN short_code AS varchar(5);
                CREATE DOMAIN shorter_code AS short_code CHECK (VALUE <> 'x');
                CREATE TABLE kinds (id bigint, vb varbit(3), amount numeric(4,2), codes varchar(5)[], flags bit(2)[],
                                    chars char(2)[], code short_code, nested shorter_code)""");
        fixture.write("shop/kinds/LOAD00000001.csv", "1,,99.99,,,,,\n2,,,,,,,x\n3,,123.456,,,,,\n");

        TableResult result = fixture.load(kinds());

        assertThat(result.status()).as(result.error()).isEqualTo(TableStatus.LOADED);
        assertThat(fixture.db.query("SELECT id, amount FROM kinds")).containsExactly(List.of("1", "99.99"));
        assertThat(fixture.rejects()).extracting(r -> r.get(1) + " " + r.get(2) + ": " + r.get(4)).containsExactly(
                "2 nested: not a valid shorter_code: value for domain shorter_code violates check constraint "
                        + "\"shorter_code_check\"",
                "3 amount: not a valid numeric(4,2): numeric field overflow");
    }

    private static TableSpec kinds() {
        return TableSpec.builder("kinds", "shop/kinds/").column("id", "bigint").column("vb", "text")
                .column("amount", "text").column("codes", "text").column("flags", "text").column("chars", "text")
                .column("code", "text").column("nested", "text").maxRejects(10).build();
    }
}
