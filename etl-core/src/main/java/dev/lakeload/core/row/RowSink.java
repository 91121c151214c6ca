package dev.lakeload.core.row;

/**
 * Receives the rows of a stream, and the rows that cannot be loaded.
 *
 * <p>Implementations are not thread-safe; one stream pushes into one sink from one thread.
 */
public interface RowSink {
    /** Takes one row. The row must not be changed afterwards. */
    void accept(Row row);

    /**
     * Routes a row that cannot be loaded to the rejects table instead of failing the load.
     *
     * @param origin the row as it was read (its file and line are recorded)
     * @param column the column at fault, or null when the whole row is
     * @param rawValue the offending value as read, or null
     * @param reason why, in words an operator understands
     */
    void reject(Row origin, String column, String rawValue, String reason);
}
