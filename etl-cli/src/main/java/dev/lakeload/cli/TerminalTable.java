package dev.lakeload.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Help.Ansi;

/**
 * Rows as aligned columns under a bold header; bold only on a terminal ({@link Ansi#AUTO}, which also honours
 * {@code NO_COLOR}). Values are shown as stored, the way psql's aligned format shows them: backslashes and quotes
 * as they are; a line break continues the value on the next line of its cell, and each line it continues past is
 * marked with {@code +} right after the column; a tab is spaces to the cell's next multiple of 8 columns; a
 * carriage return shows as {@code \r} and other control characters as {@code \xNN} or <code>&#92;uNNNN</code>.
 * Columns are as wide as their widest line on a terminal ({@link TerminalWidth}). Not thread-safe.
 */
final class TerminalTable {
    private static final char CONTINUED = '+';
    private static final int TAB_STOP = 8;

    private final Cell[] header;
    private final boolean[] rightAligned;
    private final List<Cell[]> rows = new ArrayList<>();

    /** A table with these column headings. */
    TerminalTable(String... header) {
        this.header = Arrays.stream(header).map(Cell::of).toArray(Cell[]::new);
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
        rows.add(Arrays.stream(values).map(v -> Cell.of(v == null ? "NULL" : v.toString())).toArray(Cell[]::new));
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    void print(PrintWriter out) {
        int[] widths = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            widths[i] = header[i].width();
            for (Cell[] row : rows) {
                widths[i] = Math.max(widths[i], row[i].width());
            }
        }
        print(out, header, widths, Ansi.AUTO.enabled());
        for (Cell[] row : rows) {
            print(out, row, widths, false);
        }
    }

    /** Prints {@code row} on as many lines as its tallest cell needs. */
    private void print(PrintWriter out, Cell[] row, int[] widths, boolean bold) {
        int height = Arrays.stream(row).mapToInt(cell -> cell.lines().size()).max().orElse(1);
        for (int line = 0; line < height; line++) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                List<String> lines = row[i].lines();
                String part = line < lines.size() ? lines.get(line) : "";
                String padding = " ".repeat(widths[i] - TerminalWidth.of(part));
                // Reset rather than bold's own off code (21), which some terminals take for double underline.
                String shown = bold && !part.isEmpty() ? Ansi.Style.bold.on() + part + Ansi.Style.reset.on() : part;
                text.append(rightAligned[i] ? padding + shown : shown + padding)
                        .append(line < lines.size() - 1 ? CONTINUED : ' ')
                        .append(' ');
            }
            out.println(text.toString().stripTrailing());
        }
    }

    /** A value as the lines it is shown on, and the widest of them. */
    private record Cell(List<String> lines, int width) {
        static Cell of(String value) {
            List<String> lines = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            int width = 0;
            int widest = 0;
            for (int c : value.codePoints().toArray()) {
                if (c == '\n') {
                    lines.add(line.toString());
                    widest = Math.max(widest, width);
                    line.setLength(0);
                    width = 0;
                    continue;
                }
                String shown = c == '\t' ? " ".repeat(TAB_STOP - width % TAB_STOP)
                        : c == '\r' ? "\\r"
                        : Character.isISOControl(c) ? (c < 0x80 ? "\\x%02X" : "\\u%04X").formatted(c)
                        : Character.toString(c);
                line.append(shown);
                width += TerminalWidth.of(shown);
            }
            lines.add(line.toString());
            return new Cell(List.copyOf(lines), Math.max(widest, width));
        }
    }
}
