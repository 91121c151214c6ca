package dev.lakeload.cli.manifest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
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
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.lakeload.core.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads a YAML manifest into a validated {@link Manifest}. Unknown keys, wrong types and invalid values are
 * errors that name the file, line and key. {@code ${VAR}} and {@code ${VAR:-default}} in any string value are
 * replaced from the environment (after parsing, so a value can never change the YAML's structure).
 */
public final class ManifestLoader {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

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
     * @throws ConfigException naming the file, line and key for every problem
     */
    public Manifest load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException("manifest " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("cannot read manifest " + file + ": " + e.getMessage(), e);
        }
        try {
            refuseAliases(file, text);
            return mapper().readValue(text, Manifest.class);
        } catch (JsonProcessingException e) {
            throw new ConfigException(file + describe(e, file), e);
        } catch (IOException e) {
            throw new ConfigException("cannot read manifest " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Jackson's YAML binding does not resolve aliases: it reads {@code *p} as the text "p" and fails on an aliased
     * list, so a manifest would load something other than what it says. lakeload refuses them, with their place
     * (an anchor alone changes nothing and is left alone).
     */
    private static void refuseAliases(Path file, String text) throws IOException {
        try (YAMLParser parser = (YAMLParser) new YAMLFactory().createParser(text)) {
            while (parser.nextToken() != null) {
                if (parser.isCurrentAlias()) {
                    JsonLocation at = parser.currentTokenLocation();
                    throw new ConfigException(file + ", line " + at.getLineNr() + ", column " + at.getColumnNr()
                            + ": YAML alias '*" + parser.getText() + "' is not supported; write the value out "
                            + "where it is used");
                }
            }
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

    private static String describe(JsonProcessingException e, Path file) {
        JsonLocation location = e instanceof JsonMappingException mapping ? keyLocation(file, mapping)
                : e.getLocation();
        String at = location == null || location.getLineNr() < 1 ? ""
                : ", line " + location.getLineNr() + ", column " + location.getColumnNr();
        String key = e instanceof JsonMappingException mapping ? path(mapping) : "";
        String where = at + (key.isEmpty() ? "" : " (" + key + ")") + ": ";
        if (e instanceof UnrecognizedPropertyException unknown) {
            String known = unknown.getKnownPropertyIds() == null ? "" : unknown.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
            return where + "unknown key '" + unknown.getPropertyName() + "'" + (known.isEmpty() ? ""
                    : "; expected one of: " + known);
        }
        if (e instanceof InvalidFormatException invalid && invalid.getTargetType() != null
                && invalid.getTargetType().isEnum()) {
            String allowed = java.util.Arrays.stream(invalid.getTargetType().getEnumConstants())
                    .map(c -> c.toString().toLowerCase(java.util.Locale.ROOT)).collect(Collectors.joining(", "));
            return where + "'" + invalid.getValue() + "' is not one of: " + allowed;
        }
        Throwable cause = e.getCause();
        while (cause != null && !(cause instanceof ConfigException) && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return where + (cause instanceof ConfigException ? cause.getMessage() : e.getOriginalMessage());
    }

    /**
     * Where the key a mapping error is about stands in the file. Records are bound through their constructors,
     * for which Jackson buffers the object and reports positions after it, so the key is looked up again.
     */
    private static JsonLocation keyLocation(Path file, JsonMappingException e) {
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            pointer.append('/').append(reference.getFieldName() != null
                    ? reference.getFieldName().replace("~", "~0").replace("/", "~1")
                    : String.valueOf(reference.getIndex()));
        }
        JsonLocation location = locate(file, pointer.toString());
        return location != null ? location : e.getLocation();
    }

    /**
     * The line of the manifest entry at a JSON pointer ({@code /tables/1/flatten}), as {@code ", line N"}, or an
     * empty string when it cannot be found.
     */
    public static String lineOf(Path file, String pointer) {
        JsonLocation location = locate(file, pointer);
        return location == null ? "" : ", line " + location.getLineNr();
    }

    private static JsonLocation locate(Path file, String pointer) {
        try (JsonParser parser = new YAMLFactory().createParser(file.toFile())) {
            while (parser.nextToken() != null) {
                if (parser.getParsingContext().pathAsPointer().toString().equals(pointer)) {
                    return parser.currentTokenLocation();
                }
            }
        } catch (IOException ignored) {
            // The file was readable a moment ago; the caller falls back to what it has.
        }
        return null;
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

    /** Expands environment variables in every string value. */
    private final class ExpandingStrings extends StdScalarDeserializer<String> {
        ExpandingStrings() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
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
