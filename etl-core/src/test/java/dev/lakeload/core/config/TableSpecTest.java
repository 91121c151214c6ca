package dev.lakeload.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeload.core.ConfigException;
import dev.lakeload.core.row.Row;
import dev.lakeload.core.row.RowSink;
import dev.lakeload.core.source.Compression;
import dev.lakeload.core.transform.RowTransformer;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableSpecTest {
    @Test
    void typesFollowPostgresTypeGrammarOnly() {
        assertThat(new ColumnSpec("a", " numeric(12, 2) ").type()).isEqualTo("numeric(12, 2)");
        assertThat(new ColumnSpec("a", "timestamp with time zone").type()).isEqualTo("timestamp with time zone");
        assertThat(new ColumnSpec("a", "character varying(20)").type()).isEqualTo("character varying(20)");
        assertThat(new ColumnSpec("a", "text[]").type()).isEqualTo("text[]");
        assertThat(new ColumnSpec("a", "time(3) without time zone").type()).isEqualTo("time(3) without time zone");
        assertThatThrownBy(() -> new ColumnSpec("a", "int; DROP TABLE x")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("invalid type");
        assertThatThrownBy(() -> new ColumnSpec("a", "text)")).isInstanceOf(ConfigException.class);
    }

    @Test
    void typesWithClausesAfterTheNameAreRefused() {
        for (String type : List.of("text default pg_sleep(5)", "text not null", "bigint primary key",
                "int collate \"C\"", "text generated always as (1) stored", "numeric(12,2) check (true)")) {
            assertThatThrownBy(() -> new ColumnSpec("a", type)).as(type).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("invalid type '" + type + "'");
        }
        for (String type : List.of("interval day to second(3)", "bit varying(8)", "varchar(5)[]", "int[3][3]",
                "double precision", "integer array", "myschema.my_enum", "TIMESTAMP(6) WITH TIME ZONE")) {
            assertThat(new ColumnSpec("a", type).type()).isEqualTo(type);
        }
    }

    @Test
    void eachLoadGetsNewTransformersFromTheFactoriesInOrderAndANullOneNamesTheTable() {
        RowTransformer first = (row, out) -> out.accept(row);
        TableSpec spec = TableSpec.builder("orders", "shop/orders/").column("id", "bigint")
                .transformer(() -> first).transformer(Upper::new).build();

        List<RowTransformer> one = spec.newTransformers();
        List<RowTransformer> two = spec.newTransformers();

        assertThat(one).hasSize(2).first().isSameAs(first);
        assertThat(one.get(1)).isInstanceOf(Upper.class).isNotSameAs(two.get(1));
        TableSpec broken = TableSpec.builder("orders", "shop/orders/").column("id", "bigint")
                .transformer(() -> null).build();
        assertThatThrownBy(broken::newTransformers).isInstanceOf(NullPointerException.class)
                .hasMessage("table orders: a transformer factory returned null");
    }

    private static final class Upper implements RowTransformer {
        @Override
        public void transform(Row row, RowSink out) {
            out.accept(row);
        }
    }

    @Test
    void upsertNeedsAPrimaryKey() {
        assertThatThrownBy(() -> TableSpec.builder("orders", "shop/orders/").column("id", "bigint")
                .mode(LoadMode.UPSERT).build())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("table orders", "mode upsert", "primaryKey");
        assertThat(TableSpec.builder("orders", "shop/orders/").column("id", "bigint").primaryKey(List.of("id"))
                .mode(LoadMode.UPSERT).build().mode()).isEqualTo(LoadMode.UPSERT);
    }

    @Test
    void cdcNeedsAPrimaryKeyFilesWithoutHeaderAndItsOptionsNeedIt() {
        TableSpec.Builder customers = TableSpec.builder("customers", "crm/customers/").column("id", "bigint")
                .column("name", "text");
        assertThatThrownBy(() -> customers.mode(LoadMode.CDC).build())
                .hasMessageContaining("mode cdc", "primaryKey");
        assertThatThrownBy(() -> customers.mode(LoadMode.APPEND).primaryKey(List.of("id"))
                .cdc(new CdcOptions(true, null, CdcOptions.Operations.ALL)).build())
                .hasMessageContaining("cdc options apply to mode cdc only");
        assertThatThrownBy(() -> customers.mode(LoadMode.CDC).cdc(CdcOptions.DMS_DEFAULT)
                .format(new CsvFormat(true, ',', '"', "", Compression.AUTO, List.of())).build())
                .hasMessageContaining("mode cdc reads files without a header");
        assertThatThrownBy(() -> TableSpec.builder("t", "p/").column(CdcOptions.OP_FIELD, "text").build())
                .hasMessageContaining("'_lakeload_op' is a name reserved");
    }

    @Test
    void cdcFilesHaveTheirFieldsByKind() {
        TableSpec dmsDefault = TableSpec.builder("c", "p/").column("id", "bigint").column("name", "text")
                .primaryKey(List.of("id")).mode(LoadMode.CDC).build();
        assertThat(dmsDefault.fieldNames("LOAD0000000A.csv")).containsExactly("id", "name");
        assertThat(dmsDefault.fieldNames("2026/01/01/20260101-101500123.csv.gz"))
                .containsExactly(CdcOptions.OP_FIELD, "id", "name");

        TableSpec opAndTime = TableSpec.builder("c", "p/").column("id", "bigint").primaryKey(List.of("id"))
                .mode(LoadMode.CDC).cdc(new CdcOptions(true, "commit_ts", CdcOptions.Operations.ALL)).build();
        assertThat(opAndTime.fieldNames("LOAD00000001.csv"))
                .containsExactly(CdcOptions.OP_FIELD, CdcOptions.COMMIT_TIME_FIELD, "id");

        TableSpec timeOnly = TableSpec.builder("c", "p/").column("id", "bigint").primaryKey(List.of("id"))
                .mode(LoadMode.CDC).cdc(new CdcOptions(false, "commit_ts", CdcOptions.Operations.ALL)).build();
        assertThat(timeOnly.fieldNames("LOAD00000001.csv")).containsExactly(CdcOptions.COMMIT_TIME_FIELD, "id");

        TableSpec insertsOnly = TableSpec.builder("c", "p/").column("id", "bigint").primaryKey(List.of("id"))
                .mode(LoadMode.CDC).cdc(new CdcOptions(false, null, CdcOptions.Operations.INSERTS_ONLY)).build();
        assertThat(insertsOnly.fieldNames("20260101-101500123.csv")).containsExactly("id");
        TableSpec insertsAndUpdates = TableSpec.builder("c", "p/").column("id", "bigint")
                .primaryKey(List.of("id")).mode(LoadMode.CDC)
                .cdc(new CdcOptions(true, null, CdcOptions.Operations.INSERTS_AND_UPDATES)).build();
        assertThat(insertsAndUpdates.fieldNames("20260101-101500123.csv"))
                .containsExactly(CdcOptions.OP_FIELD, "id");

        TableSpec append = TableSpec.builder("c", "p/").column("id", "bigint").build();
        assertThat(append.fieldNames("20260101-101500123.csv")).containsExactly("id");
    }

    @Test
    void prefixesStayInsideTheSource() {
        for (String from : List.of("../secret/", "shop/../../etc/", "/etc/", "./shop/orders/", "shop/./x/")) {
            assertThatThrownBy(() -> TableSpec.builder("t", from).column("a", "text").build()).as(from)
                    .isInstanceOf(ConfigException.class).hasMessageContaining("from '" + from + "'");
        }
        assertThat(TableSpec.builder("t", "shop/orders..v2/").column("a", "text").build().from())
                .isEqualTo("shop/orders..v2/");
        assertThat(TableSpec.builder("t", "").column("a", "text").build().from()).isEmpty();
    }

    @Test
    void namesLongerThanPostgresAllowsAreRefused() {
        assertThatThrownBy(() -> new ColumnSpec("x".repeat(64), "text")).hasMessageContaining("63 bytes");
        assertThatThrownBy(() -> TableSpec.builder("é".repeat(32), "p/").column("a", "text").build())
                .hasMessageContaining("63 bytes");
    }

    @Test
    void invalidTablesCannotBeBuilt() {
        assertThatThrownBy(() -> TableSpec.builder("t", "p/").column("a", "text").column("a", "int").build())
                .hasMessageContaining("declared twice");
        assertThatThrownBy(() -> TableSpec.builder("t", "p/").column("a", "text").primaryKey(List.of("b")).build())
                .hasMessageContaining("primaryKey column 'b'");
        assertThatThrownBy(() -> TableSpec.builder("t", "p/").build())
                .hasMessageContaining("need either columns or format.fields");
        assertThatThrownBy(() -> TableSpec.builder("t", "p/").column("a", "text").maxRejects(-1).build())
                .hasMessageContaining("maxRejects");
        assertThatThrownBy(() -> new CsvFormat(false, ',', ',', "", Compression.AUTO, List.of()))
                .hasMessageContaining("cannot both be");
    }

    @Test
    void fieldsDefaultToTheColumnNames() {
        TableSpec spec = TableSpec.builder("t", "p/").column("a", "text").column("b", "int").build();
        assertThat(spec.fieldNames()).containsExactly("a", "b");

        TableSpec documents = TableSpec.builder("d", "p/").column("owner_name", "text")
                .format(new CsvFormat(false, ',', '"', "", Compression.AUTO, List.of("_id", "_doc"))).build();
        assertThat(documents.fieldNames()).containsExactly("_id", "_doc");
    }

    @Test
    void theTimeZoneIsUtcUnlessAnIanaZoneIsNamed() {
        assertThat(TableSpec.builder("t", "p/").column("a", "text").build().timeZone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(TableSpec.builder("t", "p/").column("a", "text").timeZone("Asia/Tokyo").build().timeZone())
                .isEqualTo(ZoneId.of("Asia/Tokyo"));
        assertThatThrownBy(() -> TableSpec.builder("t", "p/").timeZone("Europe/Berlinn"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("table t: timeZone 'Europe/Berlinn' is not an IANA time zone name")
                .hasMessageContaining("did you mean 'Europe/Berlin'?");
        // PostgreSQL reads POSIX-style zones with the sign the other way round, so offsets are refused.
        assertThatThrownBy(() -> TableSpec.builder("t", "p/").timeZone("UTC+2")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> TableSpec.builder("t", "p/").column("a", "text").timeZone(ZoneId.of("+02:00"))
                .build()).hasMessageContaining("timeZone '+02:00'");
    }
}
