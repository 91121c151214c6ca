package dev.lakeload.cli;

import dev.lakeload.testkit.files.TestFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A lake as a DMS task writes it, for the init tests: several tables without a header, one with a header, a gzip
 * file, a table with change files (Op first, a delete carrying only the key, a date-partitioned folder) and a
 * MongoDB collection in document mode with its changes, and a file DMS did not write. {@link #ROWS} says what each table holds once loaded.
 */
final class DmsLake {
    /** Rows of each table after loading the whole lake. */
    static final Map<String, Integer> ROWS = Map.of("orders", 4, "customers", 2, "accounts", 3, "devices", 2);

    private DmsLake() {
    }

    static Map<String, byte[]> files() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("shop/orders/LOAD00000001.csv.gz", TestFiles.gzip("""
                1001,7,05021,12.50,2026-01-01 10:00:00.123456,true,2026-01-02,"note, with comma"
                1002,8,00123,7.25,2026-01-02 11:00:00.000000,false,,""
                1003,40000,12345,100.00,2026-01-03 12:00:00.5,t,2026-01-04,"two
                lines"
                """));
        text(files, "shop/orders/LOAD00000002.csv", "1004,9,02903,3.10,2026-01-04 10:00:00,f,2026-01-05,plain\n");
        text(files, "shop/orders/notes.txt", "not a DMS file: init leaves it out\n");
        text(files, "shop/customers/LOAD00000001.csv", """
                id,name,email,score
                1,Ann,ann@example.com,3.5
                2,Bob,bob@example.com,+3.23800011e+01
                """);
        text(files, "crm/accounts/LOAD00000001.csv", "1,Acme,2026-01-01\n2,Globex,2026-01-02\n3,Initech,\n");
        text(files, "crm/accounts/2026/01/02/20260102-101500123.csv",
                "U,1,Acme Corp,2026-01-05\nD,2,,\nI,4,Umbrella,2026-01-06\n");
        text(files, "mongo/devices/LOAD00000001.csv", """
                d1,"{""_id"":""d1"",""name"":""Lamp"",""on"":true,""price"":{""$numberDecimal"":""12.5""},""tags"":[]}"
                d2,"{""_id"":""d2"",""name"":""Fan"",""on"":false,""price"":{""$numberDecimal"":""30.00""},""tags"":[]}"
                d3,"{""_id"":""d3"",""name"":""Heater"",""on"":true,""owner"":{""city"":""Berlin""}}"
                """);
        text(files, "mongo/devices/20260102-101500123.csv", """
                U,d1,"{""_id"":""d1"",""name"":""Lamp 2"",""on"":true,""tags"":[""c"",""d""]}"
                D,d2,
                """);
        return files;
    }

    /** Writes every file through {@code put} (key, bytes). */
    static void writeTo(BiConsumer<String, byte[]> put) {
        files().forEach(put);
    }

    /** Writes every file under {@code folder}. */
    static void writeTo(Path folder) {
        writeTo((key, bytes) -> TestFiles.write(folder.resolve(key), bytes));
    }

    private static void text(Map<String, byte[]> files, String key, String content) {
        files.put(key, content.getBytes(StandardCharsets.UTF_8));
    }
}
