package dev.lakeload.core.csv;

/**
 * What {@link CsvRowReader} found in one file.
 *
 * @param rows the rows read (a header excluded)
 * @param emptyLinesSkipped empty lines that were not rows: in a file with several columns an empty line cannot
 *     be a record (DMS writes {@code ,,} for a row of NULLs), so it is skipped and counted here
 * @param firstEmptyLineSkipped the line of the first of them, or 0 when there was none
 */
public record ReadResult(long rows, long emptyLinesSkipped, long firstEmptyLineSkipped) {
}
