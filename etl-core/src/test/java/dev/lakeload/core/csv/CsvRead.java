package dev.lakeload.core.csv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.core.config.CsvFormat;
import dev.lakeload.core.format.ReadResult;
import dev.lakeload.core.row.Row;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** What {@link CsvRowReader} made of one file, {@value #FILE}: its rows and its result. */
record CsvRead(List<Row> rows, ReadResult result) {
    static final String FILE = "t/LOAD1.csv";

    static CsvRead of(CsvFormat format, List<String> fields, InputStream in) {
        List<Row> rows = new ArrayList<>();
        ReadResult result = new CsvRowReader(format, fields).read(in, FILE, rows::add);
        assertThat(result.rows()).isEqualTo(rows.size());
        return new CsvRead(rows, result);
    }

    static CsvRead of(CsvFormat format, List<String> fields, byte[] bytes) {
        return of(format, fields, new ByteArrayInputStream(bytes));
    }

    /** Reads UTF-8 text in the DMS default format. */
    static CsvRead of(List<String> fields, String csv) {
        return of(CsvFormat.DMS_DEFAULT, fields, csv.getBytes(StandardCharsets.UTF_8));
    }

    /** The values of one row; NULL is null. */
    List<String> values(int row) {
        return Arrays.asList(rows.get(row).copyValues());
    }

    /** One column's value in every row; NULL is null. */
    List<String> column(int index) {
        return rows.stream().map(row -> row.get(index)).collect(ArrayList::new, ArrayList::add, ArrayList::addAll);
    }

    List<Long> lines() {
        return rows.stream().map(Row::line).toList();
    }
}
