package dev.lakeload.core;

import java.util.Optional;

/**
 * Input data that cannot be loaded as it is. Carries the position of the problem when known, so an operator can
 * open the file at the right place.
 */
public class DataException extends LakeloadException {
    private final String file;
    private final long line;
    private final String column;

    /**
     * @param file the source file key, or null when not known
     * @param line the 1-based line where the record starts, or 0 when not known
     * @param column the column name, or null when not known
     * @param problem what is wrong, in words
     */
    public DataException(String file, long line, String column, String problem) {
        this(file, line, column, problem, null);
    }

    public DataException(String file, long line, String column, String problem, Throwable cause) {
        super(position(file, line, column) + problem, cause);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    private static String position(String file, long line, String column) {
        StringBuilder at = new StringBuilder();
        if (file != null) {
            at.append(file);
        }
        if (line > 0) {
            at.append(at.isEmpty() ? "" : ", ").append("line ").append(line);
        }
        if (column != null) {
            at.append(at.isEmpty() ? "" : ", ").append("column ").append(column);
        }
        return at.isEmpty() ? "" : at + ": ";
    }

    public Optional<String> file() {
        return Optional.ofNullable(file);
    }

    /** The 1-based line where the record starts, or 0 when not known. */
    public long line() {
        return line;
    }

    public Optional<String> column() {
        return Optional.ofNullable(column);
    }
}
