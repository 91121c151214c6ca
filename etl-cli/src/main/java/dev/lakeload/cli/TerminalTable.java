package dev.lakeload.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;

/**
 * Rows as aligned columns under a bold header, laid out by picocli's {@link TextTable}; bold only on a terminal
 * ({@link Ansi#AUTO}, which also honours {@code NO_COLOR}). Cells are escaped so that one row stays on one line.
 * Not thread-safe.
 */
final class TerminalTable {
    private static final int GAP = 2;

    private final String[] header;
    private final boolean[] rightAligned;
    private final List<String[]> rows = new ArrayList<>();

    /** A table with these column headings. */
    TerminalTable(String... header) {
        this.header = header.clone();
        this.rightAligned = new boolean[header.length];
    }

    /** Aligns these columns (numbers, by index) to the right. */
    TerminalTable alignRight(int... columns) {
        Arrays.stream(columns).forEach(c -> rightAligned[c] = true);
        return this;
    }

    /** Adds a row; {@code null} shows as {@code NULL}. */
    void add(Object... values) {
        if (values.length != header.length) {
            throw new IllegalArgumentException(values.length + " values for " + header.length + " columns");
        }
        rows.add(Arrays.stream(values).map(v -> v == null ? "NULL" : escape(v.toString())).toArray(String[]::new));
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    void print(PrintWriter out) {
        int[] widths = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            widths[i] = length(header[i]);
            for (String[] row : rows) {
                widths[i] = Math.max(widths[i], length(row[i]));
            }
        }
        Column[] columns = new Column[header.length];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = new Column(widths[i] + GAP, 0, Column.Overflow.SPAN);
        }
        Ansi ansi = Ansi.AUTO;
        TextTable table = TextTable.forColumns(Help.defaultColorScheme(ansi), columns);
        Ansi.Text[] headings = new Ansi.Text[header.length];
        for (int i = 0; i < header.length; i++) {
            headings[i] = ansi.new Text("@|bold " + align(header[i], widths[i], rightAligned[i]) + "|@");
        }
        table.addRowValues(headings);
        for (String[] row : rows) {
            String[] cells = new String[row.length];
            for (int i = 0; i < row.length; i++) {
                cells[i] = align(row[i], widths[i], rightAligned[i]);
            }
            table.addRowValues(cells);
        }
        table.toString().lines().forEach(line -> out.println(line.stripTrailing()));
    }

    private static String align(String cell, int width, boolean right) {
        return right ? " ".repeat(width - length(cell)) + cell : cell;
    }

    /** The columns {@code cell} takes on a terminal, where picocli counts wide CJK characters as two. */
    private static int length(String cell) {
        return Ansi.OFF.new Text(cell).getCJKAdjustedLength();
    }

    /**
     * Escapes line breaks and tabs as {@code \n}, {@code \r}, {@code \t} (and backslashes as {@code \\}), and
     * picocli's markup opener {@code @|} as {@code @\|}, so that a value is shown as it is.
     */
    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
                .replace("@|", "@\\|");
    }
}
