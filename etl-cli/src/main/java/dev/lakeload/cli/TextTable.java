package dev.lakeload.cli;

import java.io.PrintWriter;
import java.util.List;

/** Prints rows as aligned columns, the first row as header, with escapes that keep one row on one line. */
final class TextTable {
    private TextTable() {
    }

    static void print(List<String[]> rows, PrintWriter out) {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                row[i] = row[i].replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
                widths[i] = Math.max(widths[i], row[i].codePointCount(0, row[i].length()));
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                String cell = rows.get(r)[i];
                line.append(i == 0 ? "" : " | ").append(cell)
                        .append(" ".repeat(widths[i] - cell.codePointCount(0, cell.length())));
            }
            out.println(line.toString().stripTrailing());
            if (r == 0) {
                StringBuilder rule = new StringBuilder();
                for (int i = 0; i < columns; i++) {
                    rule.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
                }
                out.println(rule);
            }
        }
    }
}
