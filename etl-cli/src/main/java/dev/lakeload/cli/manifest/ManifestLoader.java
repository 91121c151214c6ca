package dev.lakeload.cli.manifest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.lakeload.core.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a YAML manifest, with the manifests it includes and its table defaults, into a validated
 * {@link Manifest}. Unknown keys (with the closest known one), wrong types and invalid values are errors that name
 * the file, line and key. {@code ${VAR}} and {@code ${VAR:-default}} in any string value are
 * replaced from the environment (after parsing, so a value can never change the YAML's structure).
 */
public final class ManifestLoader {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private static final Pattern TABLE = Pattern.compile("/tables/(\\d+)/");

    private final Function<String, String> environment;

    /** A loader that reads variables from the process environment. */
    public ManifestLoader() {
        this(System::getenv);
    }

    /** A loader that reads variables from the given lookup (returns null for unset). */
    public ManifestLoader(Function<String, String> environment) {
        this.environment = environment;
    }

    /**
     * Reads a manifest, the manifests it includes ({@code include:}, relative to the including file) and applies
     * its {@code defaults:} to every table.
     *
     * @throws ConfigException naming the file, line and key for every problem
     */
    public Manifest load(Path file) {
        ManifestTree tree = ManifestTree.read(file);
        Keys.Unknown unknown = Keys.firstUnknown(Manifest.class, tree.merged(), "", "");
        if (unknown != null) {
            throw new ConfigException(tree.describe(unknown.pointer(), unknown.path()) + ": "
                    + Keys.unknown(unknown.key(), table(unknown.pointer(), tree), unknown.known()));
        }
        try {
            return mapper().treeToValue(tree.merged(), Manifest.class);
        } catch (JsonProcessingException e) {
            throw new ConfigException(describe(e, tree), e);
        }
    }

    private JsonMapper mapper() {
        SimpleModule variables = new SimpleModule().addDeserializer(String.class, new ExpandingStrings());
        return JsonMapper.builder(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .addModule(variables)
                .build();
    }

    /**
     * The error's file, line and column, the key's path (with the table's name), and what is wrong. Records are
     * bound through their constructors from a tree, so Jackson knows no positions: the key is looked up in the
     * files by its path.
     */
    private static String describe(JsonProcessingException e, ManifestTree tree) {
        if (!(e instanceof JsonMappingException mapping)) {
            return tree.locate("").describe() + ": " + e.getOriginalMessage();
        }
        Throwable cause = e.getCause();
        while (cause != null && !(cause instanceof ConfigException) && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        // A record's own check names its key relative to the record, whose entry the mapping's path ends at.
        String where = where(tree, pointer(mapping), path(mapping), cause instanceof ConfigException problem
                ? problem : null) + ": ";
        if (e instanceof UnrecognizedPropertyException unknown) {
            List<String> known = unknown.getKnownPropertyIds() == null ? List.of() : unknown.getKnownPropertyIds()
                    .stream().map(Object::toString).toList();
            return where + Keys.unknown(unknown.getPropertyName(), table(pointer(mapping), tree), known);
        }
        if (e instanceof InvalidFormatException invalid && invalid.getTargetType() != null
                && invalid.getTargetType().isEnum()) {
            List<String> allowed = java.util.Arrays.stream(invalid.getTargetType().getEnumConstants())
                    .map(c -> c.toString().toLowerCase(java.util.Locale.ROOT)).toList();
            String closest = Keys.closest(String.valueOf(invalid.getValue()), allowed);
            return where + "'" + invalid.getValue() + "' is not one of: " + String.join(", ", allowed)
                    + (closest == null ? "" : "; did you mean '" + closest + "'?");
        }
        return where + (cause instanceof ConfigException ? cause.getMessage() : e.getOriginalMessage());
    }

    private static String pointer(JsonMappingException e) {
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            pointer.append('/').append(reference.getFieldName() != null
                    ? reference.getFieldName().replace("~", "~0").replace("/", "~1")
                    : String.valueOf(reference.getIndex()));
        }
        return pointer.toString();
    }

    /**
     * Where a check of the table at {@code index} of the merged manifest failed, as
     * {@code "<file>, line L, column C (tables[1].maxRejects)"}: at the key the check is about
     * ({@link ConfigException#key()}), in {@code defaults:} when the table took its value from there, else at the
     * table's entry in the file it came from (an included one for its tables).
     */
    public static String where(Path file, int index, ConfigException problem) {
        return where(ManifestTree.read(file), "/tables/" + index, "tables[" + index + "]", problem);
    }

    /**
     * The place of the key a problem is about, below the entry at {@code pointer} (whose path is {@code path}), or
     * of the entry itself when the problem names no key (or is null).
     */
    private static String where(ManifestTree tree, String pointer, String path, ConfigException problem) {
        String key = problem == null ? null : problem.key().orElse(null);
        return key == null ? tree.describe(pointer, path)
                : tree.describe(pointer + "/" + key.replace('.', '/'), path.isEmpty() ? key : path + "." + key);
    }

    /**
     * The line of the manifest entry at a JSON pointer ({@code /source}) in the main file, as {@code ", line N"},
     * or an empty string when it cannot be found.
     */
    public static String lineOf(Path file, String pointer) {
        try {
            JsonLocation location = ManifestTree.find(Files.readString(file, StandardCharsets.UTF_8), pointer);
            return location == null ? "" : ", line " + location.getLineNr();
        } catch (IOException e) {
            return ""; // The file was readable a moment ago; the caller falls back to what it has.
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** " of table orders" when the key at a JSON pointer is inside a table's entry, else "". */
    private static String table(String pointer, ManifestTree tree) {
        Matcher table = TABLE.matcher(pointer);
        String name = table.lookingAt() ? tree.tableName(Integer.parseInt(table.group(1))) : null;
        return name == null ? "" : " of table " + name;
    }

    /** Expands environment variables in every string value. */
    private final class ExpandingStrings extends StdScalarDeserializer<String> {
        ExpandingStrings() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonToken token = parser.currentToken();
            // YAML types unquoted scalars: `true` or `on` would arrive as "true", `007` as "7". A name or a
            // password must arrive as written, so only text is taken where text is expected.
            if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE || token.isNumeric()) {
                throw JsonMappingException.from(parser, "expected text, found the YAML " + (token.isNumeric()
                        ? "number " : "boolean ") + parser.getText() + ": put the value in quotes to mean it as text");
            }
            String raw = parser.getValueAsString();
            if (raw == null) {
                return context.handleUnexpectedToken(String.class, parser) instanceof String s ? s : null;
            }
            Matcher matcher = VARIABLE.matcher(raw);
            StringBuilder expanded = new StringBuilder();
            while (matcher.find()) {
                String value = environment.apply(matcher.group(1));
                if (value == null || (value.isEmpty() && matcher.group(2) != null)) {
                    value = matcher.group(2);
                }
                if (value == null) {
                    throw JsonMappingException.from(parser, "environment variable " + matcher.group(1)
                            + " is not set (write ${" + matcher.group(1) + ":-default} for a default)");
                }
                matcher.appendReplacement(expanded, Matcher.quoteReplacement(value));
            }
            matcher.appendTail(expanded);
            return expanded.toString();
        }
    }
}
