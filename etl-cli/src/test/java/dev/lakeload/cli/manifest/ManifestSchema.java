package dev.lakeload.cli.manifest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakeload.core.config.CdcOptions;
import dev.lakeload.core.config.SchemaEvolution;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Generates the JSON Schema of the manifest ({@code docs/lakeload.schema.json}) from the config records that bind
 * it: a key per record component, its type from the component's type (records nest, lists are arrays or a single
 * value, enums list their manifest spellings), its description and default from the record's Javadoc
 * {@code @param} (read from the source, the one place they are written). {@link ManifestSchemaTest} keeps the
 * checked-in file equal to what this generates.
 */
final class ManifestSchema {
    static final Path FILE = Path.of("..", "docs", "lakeload.schema.json");
    static final String ID = "https://raw.githubusercontent.com/lakeload/lakeload/main/docs/lakeload.schema.json";

    /** The source roots the records' Javadoc is read from, relative to the etl-cli module. */
    private static final List<Path> SOURCES = List.of(Path.of("src/main/java"), Path.of("../etl-core/src/main/java"),
            Path.of("../etl-json-flatten/src/main/java"));
    /** Keys a record's constructor refuses to be without. */
    private static final Set<String> REQUIRED = Set.of("TableConfig.name", "TableConfig.from", "ColumnSpec.name",
            "ColumnSpec.type", "S3Config.bucket", "LocalConfig.path", "Manifest.source");
    /** Text keys whose values the records check against a fixed list. */
    private static final Map<String, List<String>> TEXT_CHOICES = Map.of(
            "TableConfig.schemaEvolution", Arrays.stream(SchemaEvolution.values()).map(SchemaEvolution::label)
                    .toList(),
            "CdcConfig.lateChangeFiles", Arrays.stream(CdcOptions.LateChangeFiles.values())
                    .map(CdcOptions.LateChangeFiles::label).toList(),
            "CdcConfig.operations", List.of("all", "insertsOnly", "insertsAndUpdates"),
            "FormatConfig.type", List.of("csv"),
            "S3Config.checksums", List.of("when_supported", "when_required"));
    private static final Pattern PARAM = Pattern.compile("@param\\s+(\\w+)\\s+(.*?)(?=\\s*(?<!\\{)@\\w+|$)",
            Pattern.DOTALL);
    private static final List<Pattern> DEFAULTS = List.of(
            Pattern.compile("\\(default:? `?([^`),;]+)`?[),;]"),
            Pattern.compile("`([^`]+)` \\(default\\)"),
            Pattern.compile("\\(?`([^`]+)`,? by default"),
            Pattern.compile("\\((true|false|\\d+|`[^`]+`)\\)$"));

    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The schema as the text of the checked-in file. */
    String generate() {
        ObjectNode root = object(Manifest.class, null);
        ObjectNode schema = json.createObjectNode();
        schema.put("$schema", "http://json-schema.org/draft-07/schema#");
        schema.put("$id", ID);
        schema.put("title", "lakeload manifest");
        schema.put("description", "Where AWS DMS files come from, the PostgreSQL they go to, and the tables. See "
                + "the README's manifest reference.");
        schema.setAll(root);
        ObjectNode properties = (ObjectNode) schema.get("properties");
        ObjectNode table = (ObjectNode) properties.get("tables").get("items");
        ObjectNode defaults = table.deepCopy();
        defaults.remove("required");
        ((ObjectNode) defaults.get("properties")).remove(Keys.TABLE_IDENTITY);
        defaults.put("description", "Keys every table takes unless it sets its own: a table's value wins; "
                + "mappings (format, cdc, ...) merge key by key, lists are taken whole, and a table's null drops a "
                + "default. name and from are each table's own.");
        properties.set("defaults", defaults);
        ObjectNode include = stringOrList();
        include.put("description", "Further manifest files, relative to this one, whose tables are added after "
                + "this file's; they hold only tables and include. Cycles and a table in two files are errors.");
        properties.set("include", include);
        try {
            return json.writeValueAsString(schema) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ObjectNode object(Class<?> record, String description) {
        ObjectNode node = json.createObjectNode();
        node.put("type", "object");
        if (description != null) {
            node.put("description", description);
        }
        Map<String, String> params = params(record);
        ObjectNode properties = node.putObject("properties");
        ArrayNode required = json.createArrayNode();
        for (RecordComponent component : record.getRecordComponents()) {
            String key = record.getSimpleName() + "." + component.getName();
            String text = params.get(component.getName());
            properties.set(component.getName(), property(key, component.getGenericType(), text));
            if (REQUIRED.contains(key)) {
                required.add(component.getName());
            }
        }
        if (!required.isEmpty()) {
            node.set("required", required);
        }
        node.put("additionalProperties", false);
        return node;
    }

    private ObjectNode property(String key, Type type, String description) {
        if (type instanceof ParameterizedType list && list.getRawType() == List.class) {
            Type item = list.getActualTypeArguments()[0];
            if (item == String.class) {
                ObjectNode node = stringOrList();
                describe(node, description, String.class);
                return node;
            }
            ObjectNode node = json.createObjectNode().put("type", "array");
            node.set("items", property(key, item, null));
            describe(node, description, List.class);
            return node;
        }
        Class<?> raw = (Class<?>) type;
        if (raw.isRecord()) {
            return object(raw, description);
        }
        ObjectNode node = json.createObjectNode();
        if (raw.isEnum()) {
            node.put("type", "string");
            ArrayNode values = node.putArray("enum");
            Arrays.stream(raw.getEnumConstants()).map(c -> spelling(raw, (Enum<?>) c)).forEach(values::add);
        } else if (raw == Boolean.class || raw == boolean.class) {
            node.put("type", "boolean");
        } else if (raw == Integer.class || raw == Long.class || raw == int.class || raw == long.class) {
            node.put("type", "integer");
        } else {
            node.put("type", "string");
            List<String> choices = TEXT_CHOICES.get(key);
            if (choices != null) {
                choices.forEach(node.putArray("enum")::add);
            }
        }
        describe(node, description, raw);
        return node;
    }

    private ObjectNode stringOrList() {
        ObjectNode node = json.createObjectNode();
        ArrayNode anyOf = node.putArray("anyOf");
        anyOf.addObject().put("type", "string");
        anyOf.addObject().put("type", "array").putObject("items").put("type", "string");
        return node;
    }

    /** Sets the description, and the default the description names when it is a value of the key's type. */
    private static void describe(ObjectNode node, String description, Class<?> type) {
        if (description == null) {
            return;
        }
        node.put("description", description);
        for (Pattern pattern : DEFAULTS) {
            Matcher matcher = pattern.matcher(description);
            if (matcher.find()) {
                String value = matcher.group(1).replace("`", "").trim();
                if ((type == Boolean.class) && value.matches("true|false")) {
                    node.put("default", Boolean.parseBoolean(value));
                } else if ((type == Integer.class || type == Long.class) && value.matches("\\d+")) {
                    node.put("default", Long.parseLong(value));
                } else if (type == String.class || type.isEnum()) {
                    boolean allowed = !node.has("enum") || node.get("enum").toString().contains('"' + value + '"');
                    if (allowed && !value.contains(" ")) {
                        node.put("default", value);
                    }
                }
                return;
            }
        }
    }

    /** {@code {@code x}} as {@code `x`}; x may hold balanced braces ({@code ${PGUSER}}). */
    private static String code(String javadoc) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (int start = javadoc.indexOf("{@code ", at); start >= 0; start = javadoc.indexOf("{@code ", at)) {
            int depth = 1;
            int end = start + "{@code ".length();
            while (end < javadoc.length() && depth > 0) {
                char c = javadoc.charAt(end++);
                depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            }
            out.append(javadoc, at, start).append('`').append(javadoc, start + "{@code ".length(), end - 1)
                    .append('`');
            at = end;
        }
        return out.append(javadoc.substring(at)).toString();
    }

    /** How a manifest writes an enum constant: its {@code @JsonProperty} name, else its name in lower case. */
    private static String spelling(Class<?> type, Enum<?> constant) {
        try {
            JsonProperty property = type.getField(constant.name()).getAnnotation(JsonProperty.class);
            return property != null ? property.value() : constant.name().toLowerCase(Locale.ROOT);
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code @param} texts of a record's Javadoc, read from its source, as plain text. */
    private static Map<String, String> params(Class<?> record) {
        Class<?> outer = record;
        while (outer.getEnclosingClass() != null) {
            outer = outer.getEnclosingClass();
        }
        String relative = outer.getName().replace('.', '/') + ".java";
        Path source = SOURCES.stream().map(root -> root.resolve(relative)).filter(Files::exists).findFirst()
                .orElseThrow(() -> new IllegalStateException("no source of " + relative + " under " + SOURCES));
        String text;
        try {
            text = Files.readString(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher declaration = Pattern.compile("\\brecord\\s+" + record.getSimpleName() + "\\s*\\(").matcher(text);
        if (!declaration.find()) {
            throw new IllegalStateException("no record " + record.getSimpleName() + " in " + source);
        }
        int end = text.lastIndexOf("*/", declaration.start());
        int start = text.lastIndexOf("/**", end);
        Map<String, String> params = new LinkedHashMap<>();
        if (start < 0 || end < 0 || !text.substring(end + 2, declaration.start()).matches("(?s)[\\s\\w@()\".]*")) {
            return params;
        }
        String javadoc = text.substring(start + 3, end).replaceAll("(?m)^\\s*\\* ?", " ");
        Matcher param = PARAM.matcher(javadoc);
        while (param.find()) {
            params.put(param.group(1), plain(param.group(2)));
        }
        return params;
    }

    private static String plain(String javadoc) {
        return code(javadoc)
                .replaceAll("\\{@link(?:plain)? [^}\\s]+ ([^}]*)}", "$1")
                .replaceAll("\\{@link(?:plain)? (?:[\\w.]*#)?([^}]*)}", "$1")
                .replaceAll("\\s+", " ").trim();
    }
}
