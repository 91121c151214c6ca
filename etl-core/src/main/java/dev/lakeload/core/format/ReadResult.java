package dev.lakeload.core.format;

import java.util.List;

/**
 * What a {@link RowReader} found in one file.
 *
 * @param rows the rows read (a header excluded)
 * @param notes what an operator should know about the file although it was read, worded by the reader and naming
 *     the file (for example empty lines of a CSV file that were skipped); they reach the table's summary notes
 */
public record ReadResult(long rows, List<String> notes) {
    public ReadResult {
        notes = List.copyOf(notes);
    }
}
