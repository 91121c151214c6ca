package dev.lakeload.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.core.config.CsvFormat;
import dev.lakeload.core.config.DirectCopy;
import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.pipeline.RunReport;
import dev.lakeload.core.pipeline.TableResult;
import dev.lakeload.core.source.Compression;
import dev.lakeload.core.source.LocalFolderSource;
import dev.lakeload.testkit.files.TestFiles;
import dev.lakeload.testkit.pg.PostgresServer;
import dev.lakeload.testkit.pg.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pass-through of CSV bytes into {@code COPY ... (FORMAT csv)} loads exactly what staging loads: one lake of
 * tricky files, a table per case, loaded once with the direct copy (chunks of 64 bytes, so that files span many)
 * and once through staging ({@code directCopy: never}, the reference), gives the same table contents, ledger rows,
 * rejects and table results. A trigger records which statements wrote, to show the bytes went as they are.
 */
class RawCsvCopyIT {
    private static final String COLUMNS = "(id bigint PRIMARY KEY, note text, amount numeric(12,2), "
            + "created_at timestamp)";

    @TempDir
    Path lake;

    private final Map<String, CsvFormat> cases = new LinkedHashMap<>();

    private void write(String table, String file, String content) {
        write(table, file, content.getBytes(StandardCharsets.UTF_8));
    }

    private void write(String table, String file, byte[] content) {
        cases.putIfAbsent(table, CsvFormat.DMS_DEFAULT);
        TestFiles.write(lake.resolve("shop/" + table + "/" + file), content);
    }

    private static String clean(int from, int to) {
        StringBuilder records = new StringBuilder();
        for (int id = from; id <= to; id++) {
            records.append(id).append(",note ").append(id).append(',').append(id).append(".50,2026-01-0")
                    .append(1 + id % 9).append(" 10:00:00\n");
        }
        return records.toString();
    }

    @Test
    void trickyFilesLoadAsThroughStaging() {
        write("quotes", "LOAD00000001.csv", "1,\"a, \"\"quoted\"\" value\",1.00,\n2,\"multi\nline\",2.00,\n"
                + "3,émoji 🎉 ünïcode,3.00,\n4,\"\",4.00,\n5,,5.00,\n6,\"crlf\r\ninside\",6.00,\n7,after,7.00,\n");
        write("crlf", "LOAD00000001.csv", "1,a,1.00,\r\n2,\"b\r\nc\",2.00,\r\n3,c,3.00,\r\n");
        write("bare_cr", "LOAD00000001.csv", "1,a,1.00,\n2,b\rc,2.00,\n");
        write("bom", "LOAD00000001.csv", "\uFEFF1,a,1.00,\n2,b,2.00,\n");
        write("bom_inside", "LOAD00000001.csv", "1,a,1.00,\n2,\uFEFFb,2.00,\n");
        write("end_marker", "LOAD00000001.csv", "1,a,1.00,\n2,\"x\n\\.\ny\",2.00,\n3,\\.,3.00,\n");
        write("quote_mid_field", "LOAD00000001.csv", "1,a,1.00,\n2,5'11\",2.00,\n3,c,3.00,\n");
        write("blank_line", "LOAD00000001.csv", "1,a,1.00,\n\n2,b,2.00,\n");
        write("nul_byte", "LOAD00000001.csv", "1,a,1.00,\n2,b\0c,2.00,\n3,c,3.00,\n");
        write("bad_utf8", "LOAD00000001.csv", new byte[] {'1', ',', 'a', ',', '1', ',', '\n', '2', ',', (byte) 0xC3,
                '(', ',', '2', ',', '\n'});
        write("field_count", "LOAD00000001.csv", "1,a,1.00,\n2,b,2.00\n");
        write("offset", "LOAD00000001.csv", clean(1, 5) + "6,f,6.00,2026-01-01 10:00:00+02\n");
        write("gzip", "LOAD00000001.csv.gz", TestFiles.gzip(clean(1, 20)));
        write("several", "LOAD00000001.csv", clean(1, 10));
        write("several", "LOAD00000002.csv", clean(11, 20));
        write("several", "LOAD00000003.csv", "");
        write("bad_value_in_second_chunk", "LOAD00000001.csv", clean(1, 3) + "4,d,not a number,\n" + clean(5, 8));
        write("header", "LOAD00000001.csv", "id,note,amount,created_at\n1,a,1.00,\n2,b,2.00,\n");
        write("header_reordered", "LOAD00000001.csv", "note,created_at,id,amount\n\"a\nb\",,1,1.00\nc,,2,2.00\n");
        write("header_reordered", "LOAD00000002.csv", "note,created_at,id,amount\nd,2026-01-01,3,3.00\n");
        CsvFormat headed = new CsvFormat(true, ',', '"', "", Compression.AUTO, List.of());
        cases.put("header", headed);
        cases.put("header_reordered", headed);

        int chunkBytes = PostgresDirectLoad.rawChunkBytes;
        PostgresDirectLoad.rawChunkBytes = 64;
        try {
            Loaded direct = load(DirectCopy.AUTO);
            Loaded staged = load(DirectCopy.NEVER);

            for (String table : cases.keySet()) {
                assertThat(direct.contents(table)).as(table).isEqualTo(staged.contents(table));
                assertThat(direct.results.get(table)).as(table).isEqualTo(staged.results.get(table));
            }
            // A file a table, one more of several and of header_reordered, none of the three tables that fail;
            // several's empty file neither way.
            assertThat(direct.ledger()).isEqualTo(staged.ledger()).hasSize(cases.size() + 2 - 3);
            assertThat(direct.rejects()).isEqualTo(staged.rejects());
            assertThat(direct.rejects().stream().map(r -> r.subList(0, 4))).containsExactly(
                    List.of("public.bad_value_in_second_chunk", "shop/bad_value_in_second_chunk/LOAD00000001.csv",
                            "4", "amount"),
                    List.of("public.nul_byte", "shop/nul_byte/LOAD00000001.csv", "2", "note"),
                    List.of("public.offset", "shop/offset/LOAD00000001.csv", "6", "created_at"));
            assertThat(staged.writes()).allSatisfy(write -> assertThat(write.get(1)).isEqualTo("INSERT"));
            // Clean files went as they are, a chunk per COPY; the rest of a file from a record the scanner refuses
            // went as rows (text); a chunk with a bad value went as rows, whose COPY failed and was rolled back, then
            // its other rows again (text) and the bad one through staging (INSERT), and the chunks after it as they
            // are; the offset's chunk went as rows, and its row, which the encoder refuses, through staging.
            Map<String, List<String>> writes = direct.writesByTable();
            assertThat(writes.get("gzip")).hasSizeGreaterThan(5).containsOnly("csv");
            assertThat(writes.get("several")).hasSizeGreaterThan(3).containsOnly("csv");
            assertThat(writes.get("quotes")).containsOnly("csv");
            assertThat(writes.get("crlf")).containsOnly("csv");
            assertThat(writes.get("quote_mid_field")).containsExactly("csv", "text");
            assertThat(writes.get("bom")).containsExactly("text");
            assertThat(writes.get("bom_inside")).containsExactly("csv");
            assertThat(writes.get("blank_line")).containsExactly("csv", "text");
            assertThat(writes.get("header")).containsExactly("csv");
            assertThat(writes.get("header_reordered")).containsExactly("csv", "csv");
            assertThat(writes.get("bad_value_in_second_chunk")).containsExactly("csv", "csv", "text", "INSERT", "csv",
                    "csv", "csv", "csv");
            assertThat(writes.get("offset")).containsExactly("csv", "csv", "csv", "csv", "csv", "INSERT");
        } finally {
            PostgresDirectLoad.rawChunkBytes = chunkBytes;
        }
    }

    /** One database loaded from the lake. */
    private record Loaded(TestDatabase db, Map<String, String> results) {
        List<List<String>> contents(String table) {
            return db.query("SELECT id, note, amount, created_at FROM public." + table + " ORDER BY id");
        }

        List<List<String>> ledger() {
            return db.query("SELECT target_table, file_key, content_sha256, size_bytes, rows_read, disposition "
                    + "FROM lakeload.files ORDER BY target_table, file_key");
        }

        List<List<String>> rejects() {
            return db.query("SELECT target_table, file_key, line, column_name, raw_value, reason "
                    + "FROM lakeload.rejects ORDER BY target_table, file_key, line");
        }

        List<List<String>> writes() {
            return db.query("SELECT tbl, kind FROM public.raw_writes ORDER BY n");
        }

        Map<String, List<String>> writesByTable() {
            Map<String, List<String>> byTable = new LinkedHashMap<>();
            writes().forEach(w -> byTable.computeIfAbsent(w.get(0), t -> new ArrayList<>()).add(w.get(1)));
            return byTable;
        }
    }

    private Loaded load(DirectCopy directCopy) {
        TestDatabase db = PostgresServer.shared().newDatabase("raw_" + directCopy.name().toLowerCase());
        StringBuilder ddl = new StringBuilder("""
                CREATE TABLE public.raw_writes (n serial, tbl text, kind text);
                CREATE FUNCTION public.record_write() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO public.raw_writes (tbl, kind) VALUES (TG_TABLE_NAME, CASE
                        WHEN current_query() LIKE 'COPY%(FORMAT csv%' THEN 'csv'
                        WHEN current_query() LIKE 'COPY%' THEN 'text' ELSE split_part(current_query(), ' ', 1) END);
                    RETURN NULL;
                END $$;
                """);
        List<TableSpec> specs = new ArrayList<>();
        for (Map.Entry<String, CsvFormat> c : cases.entrySet()) {
            ddl.append("CREATE TABLE public.").append(c.getKey()).append(' ').append(COLUMNS).append(";\n")
                    .append("CREATE TRIGGER record_write AFTER INSERT ON public.").append(c.getKey())
                    .append(" FOR EACH STATEMENT EXECUTE FUNCTION public.record_write();\n");
            specs.add(TableSpec.builder(c.getKey(), "shop/" + c.getKey() + "/").format(c.getValue())
                    .column("id", "bigint").column("note", "text").column("amount", "numeric(12,2)")
                    .column("created_at", "timestamp").primaryKey(List.of("id")).maxRejects(5)
                    .directCopy(directCopy).build());
        }
        db.execute(ddl.toString());
        RunReport report = new PostgresWarehouse(db.dataSource(), "public").pipeline(new LocalFolderSource(lake))
                .run(specs);
        Map<String, String> results = new LinkedHashMap<>();
        for (TableResult r : report.tables()) {
            results.put(r.name(), r.status() + " read " + r.rowsRead() + " loaded " + r.rowsLoaded()
                    + " rejected " + r.rowsRejected() + " error " + r.error() + " notes " + r.notes());
        }
        return new Loaded(db, results);
    }
}
