package dev.lakeload.cli.init;

import dev.lakeload.core.config.ColumnSpec;
import dev.lakeload.core.config.LoadMode;
import dev.lakeload.core.config.PostgresRules;
import dev.lakeload.core.infer.InferredTable;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Writes what {@link dev.lakeload.core.infer.TableInference} suggests as manifest YAML: the commented starter
 * manifest of {@code lakeload init}, and the {@code columns:} block {@code lakeload infer} prints. Every choice the
 * inference made is a comment above its table, so a reader can review it. Stateless.
 */
public final class StarterManifest {
    /** Comments wrap before this many characters. */
    private static final int WIDTH = 118;
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Words YAML 1.1 reads as booleans or null: a column named so must be quoted to stay a name. */
    private static final Set<String> YAML_WORDS = Set.of("y", "n", "yes", "no", "true", "false", "on", "off",
            "null");

    private StarterManifest() {
    }

    /**
     * The whole manifest.
     *
     * @param origin where the files were found, for the header comment ({@code lake/}, {@code s3://bucket/dms/})
     * @param source the {@code source:} entry's value, one line of flow YAML ({@code local: { path: lake }})
     * @param tables the inferred tables, in the order to write them
     * @param sampleRows the most rows read per sampled file
     */
    public static String render(String origin, String source, List<InferredTable> tables, int sampleRows) {
        Map<InferredTable, String> names = tableNames(tables);
        StringBuilder out = new StringBuilder();
        comment(out, "", "# ", "lakeload manifest written by `lakeload init` from " + origin + ": " + tables.size()
                + " table(s), one per DMS folder found. Each was inferred from a sample (at most " + sampleRows
                + " rows of its first full-load file and of its newest change file): names, types, keys and modes "
                + "are suggestions. A later value that a type does not take is a reject (see maxRejects) and fails "
                + "the table: widen the type then. Review, then `lakeload validate` and `lakeload run` this file.");
        out.append("source:\n  ").append(source).append('\n')
                .append("target:\n")
                .append("  postgres:                  # no url: an embedded PostgreSQL keeps its data in .lakeload/ "
                        + "next to this file\n")
                .append("    schema: public\n")
                .append("    # url: jdbc:postgresql://localhost:5432/warehouse\n")
                .append("    # user: ${PGUSER}\n")
                .append("    # password: ${PGPASSWORD}\n")
                .append("tables:\n");
        for (InferredTable table : tables) {
            out.append('\n');
            table(out, names.get(table), table);
        }
        return out.toString();
    }

    /** One table's suggested {@code columns:} block and what else was inferred, as comments, for {@code infer}. */
    public static String columnsBlock(String name, InferredTable table) {
        StringBuilder out = new StringBuilder();
        comments(out, "", name + " (" + table.folder() + ")", table);
        columns(out, "", table);
        String rest = settings(table).entrySet().stream().filter(e -> !e.getKey().equals("columns"))
                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", "));
        if (!rest.isEmpty()) {
            out.append("# and: ").append(rest).append('\n');
        }
        return out.toString();
    }

    private static void table(StringBuilder out, String name, InferredTable table) {
        comments(out, "  ", table.folder(), table);
        out.append("  - name: ").append(scalar(name)).append('\n')
                .append("    from: ").append(scalar(table.folder())).append('\n');
        for (Map.Entry<String, String> setting : settings(table).entrySet()) {
            if (setting.getKey().equals("columns")) {
                columns(out, "    ", table);
            } else {
                out.append("    ").append(setting.getKey()).append(": ").append(setting.getValue()).append('\n');
            }
        }
    }

    /** The table's keys other than name and from, in manifest order, as flow YAML; columns as a marker. */
    private static Map<String, String> settings(InferredTable table) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (!table.include().isEmpty()) {
            settings.put("include", list(table.include()));
        }
        if (!table.exclude().isEmpty()) {
            settings.put("exclude", list(table.exclude()));
        }
        if (table.header()) {
            settings.put("format", "{ header: true }");
        } else if (!table.columnsNameFields()) {
            settings.put("format", "{ fields: " + list(table.fields()) + " }");
        }
        settings.put("columns", "");
        if (!table.primaryKey().isEmpty()) {
            settings.put("primaryKey", list(table.primaryKey()));
        }
        settings.put("mode", table.mode().name().toLowerCase(Locale.ROOT));
        if (table.includeOpForFullLoad()) {
            settings.put("cdc", "{ includeOpForFullLoad: true }");
        }
        if (table.flattenColumn() != null) {
            // Child tables repeat the parent's key, so arrays go to them only when there is one.
            settings.put("flatten", "{ column: " + scalar(table.flattenColumn()) + ", arrays: "
                    + (table.primaryKey().isEmpty() ? "jsonb" : "table") + " }");
        }
        return settings;
    }

    private static void comments(StringBuilder out, String indent, String what, InferredTable table) {
        comment(out, indent, "# ", what + ": " + table.sampledRows() + " row(s) sampled from "
                + String.join(", ", table.sampled()));
        for (String note : table.notes()) {
            comment(out, indent, "# - ", note);
        }
        if (table.mode() == LoadMode.APPEND && table.notes().stream().noneMatch(n -> n.contains("Op"))) {
            comment(out, indent, "# - ", "mode append: no change files with an Op column were found, so every "
                    + "new file's rows are inserted");
        }
    }

    /** A comment wrapped at {@link #WIDTH} characters, later lines indented under the first's text. */
    private static void comment(StringBuilder out, String indent, String lead, String text) {
        StringBuilder line = new StringBuilder(indent).append(lead);
        String continuation = indent + "#" + " ".repeat(lead.length() - 1);
        for (String word : text.split(" ")) {
            if (line.length() + 1 + word.length() > WIDTH && line.length() > continuation.length()) {
                out.append(line.toString().stripTrailing()).append('\n');
                line = new StringBuilder(continuation);
            }
            line.append(word).append(' ');
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    private static void columns(StringBuilder out, String indent, InferredTable table) {
        if (table.columns().isEmpty()) {
            return;
        }
        out.append(indent).append("columns:\n");
        for (ColumnSpec column : table.columns()) {
            out.append(indent).append("  - { name: ").append(scalar(column.name())).append(", type: ")
                    .append(scalar(column.type())).append(" }\n");
        }
    }

    /**
     * Table names by folder: the folder's last name as a PostgreSQL identifier; when two folders end alike
     * ({@code shop/orders/}, {@code crm/orders/}), their whole path.
     */
    static Map<InferredTable, String> tableNames(List<InferredTable> tables) {
        Map<String, Long> lastNames = tables.stream().collect(Collectors.groupingBy(
                t -> identifier(lastSegment(t.folder())), Collectors.counting()));
        Map<InferredTable, String> names = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>();
        for (InferredTable table : tables) {
            String last = identifier(lastSegment(table.folder()));
            String name = lastNames.get(last) == 1 ? last : identifier(table.folder());
            String unique = name;
            for (int n = 2; !taken.add(unique); n++) {
                unique = name + "_" + n;
            }
            names.put(table, unique);
        }
        return names;
    }

    private static String lastSegment(String folder) {
        String trimmed = folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }

    /** Lower case, other characters as '_', not starting with a digit, at most PostgreSQL's 63 bytes. */
    static String identifier(String text) {
        String name = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "_").replaceAll("^_+|_+$", "");
        name = name.isEmpty() || Character.isDigit(name.charAt(0)) ? "t_" + name : name;
        while (name.getBytes(StandardCharsets.UTF_8).length > PostgresRules.MAX_IDENTIFIER_BYTES) {
            name = name.substring(0, name.length() - 1);
        }
        return name;
    }

    private static String list(List<String> values) {
        return values.stream().map(StarterManifest::scalar).collect(Collectors.joining(", ", "[", "]"));
    }

    /** A YAML scalar: plain when it reads back as the same string, else double-quoted. */
    public static String scalar(String value) {
        if (PLAIN.matcher(value).matches() && !YAML_WORDS.contains(value.toLowerCase(Locale.ROOT))) {
            return value;
        }
        if (value.matches("[A-Za-z0-9_/.*-]+") && !value.startsWith("*") && !value.startsWith("-")) {
            return value;
        }
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
