package dev.lakeload.cli.manifest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.lakeload.core.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A manifest file and the files it includes, read as YAML trees before binding: the tables of all of them in
 * order (the main file's first, then each {@code include:} in turn, depth first), each with the file and index it
 * came from, and with the main file's {@code defaults:} merged in. Knows where every key stands, so that a binding
 * error can name the file and line it is about. Not thread-safe; built and used by one {@link ManifestLoader} call.
 */
final class ManifestTree {
    /** The keys an included file may hold: it adds tables, nothing else. */
    private static final Set<String> INCLUDED_KEYS = Set.of("tables", "include");
    private static final YAMLFactory YAML = new YAMLFactory();
    private static final JsonMapper TREES = JsonMapper.builder(YAML).build();

    /** Where a table of the merged list came from. */
    private record Origin(Path file, int index) {
    }

    /** A place in one of the files; {@code fromDefaults} when the key is the main file's {@code defaults:}. */
    record Place(Path file, JsonLocation location, boolean fromDefaults) {
        String describe() {
            return file + (location == null || location.getLineNr() < 1 ? ""
                    : ", line " + location.getLineNr() + ", column " + location.getColumnNr());
        }
    }

    private final Path main;
    private final ObjectNode merged;
    private final List<Origin> origins = new ArrayList<>();
    private final Map<Path, String> texts = new HashMap<>();

    private ManifestTree(Path main) {
        this.main = main;
        ObjectNode root = parse(main, "manifest " + main);
        ObjectNode defaults = defaults(root);
        ArrayNode tables = TREES.createArrayNode();
        Map<String, Origin> names = new HashMap<>();
        collect(main, root, new LinkedHashSet<>(List.of(main.toAbsolutePath().normalize())), tables, names);
        ArrayNode withDefaults = TREES.createArrayNode();
        for (JsonNode table : tables) {
            withDefaults.add(defaults == null || !(table instanceof ObjectNode object) ? table
                    : merge(defaults, object));
        }
        merged = root.deepCopy();
        merged.remove(List.of("defaults", "include"));
        if (!tables.isEmpty() || root.path("tables").isArray()) {
            merged.set("tables", withDefaults);
        }
    }

    /**
     * Reads a manifest and its includes.
     *
     * @throws ConfigException naming the file (and line) of a file that cannot be read, a YAML alias, an include
     *     cycle, a table listed in two files, an included file with other keys than tables, unknown defaults
     */
    static ManifestTree read(Path main) {
        return new ManifestTree(main);
    }

    /** The main file's tree with every table of every file, defaults merged, and no defaults or include. */
    ObjectNode merged() {
        return merged;
    }

    /**
     * Where the key at a JSON pointer into {@link #merged()} stands: for a table's key, in the file the table
     * came from, or in the main file's {@code defaults:} when the table took it from there; null when not found.
     */
    Place locate(String pointer) {
        String[] parts = pointer.split("/", 4);
        if (parts.length >= 3 && parts[1].equals("tables") && parts[2].matches("\\d+")
                && Integer.parseInt(parts[2]) < origins.size()) {
            Origin origin = origins.get(Integer.parseInt(parts[2]));
            String rest = parts.length == 4 ? "/" + parts[3] : "";
            JsonLocation own = find(origin.file(), "/tables/" + origin.index() + rest);
            if (own != null) {
                return new Place(origin.file(), own, false);
            }
            JsonLocation fromDefaults = rest.isEmpty() ? null : find(main, "/defaults" + rest);
            if (fromDefaults != null) {
                return new Place(main, fromDefaults, true);
            }
            return new Place(origin.file(), find(origin.file(), "/tables/" + origin.index()), false);
        }
        return new Place(main, find(main, pointer), false);
    }

    /**
     * Where the key at a JSON pointer into {@link #merged()} stands ({@link #locate}), with its path as errors
     * write it: {@code "<file>, line L, column C (tables[0].mode, set in defaults)"}; no path when it is empty.
     */
    String describe(String pointer, String path) {
        Place place = locate(pointer);
        return place.describe() + (path.isEmpty() ? "" : " (" + path + (place.fromDefaults() ? ", set in defaults"
                : "") + ")");
    }

    /** The name of the table at {@code index} of the merged list, or null. */
    String tableName(int index) {
        JsonNode name = merged.path("tables").path(index).get("name");
        return name != null && name.isTextual() ? name.asText() : null;
    }

    /**
     * Merges a table over the defaults: the table's own value of a key wins; where both hold a mapping (such as
     * {@code format:}) the two merge key by key the same way; a list, like any other value, is the table's or the
     * default's whole. A table's explicit {@code null} (or {@code ~}) drops a default.
     */
    static ObjectNode merge(ObjectNode defaults, ObjectNode table) {
        ObjectNode merged = defaults.deepCopy();
        table.properties().forEach(entry -> {
            JsonNode base = merged.get(entry.getKey());
            merged.set(entry.getKey(), base instanceof ObjectNode baseObject
                    && entry.getValue() instanceof ObjectNode own ? merge(baseObject, own) : entry.getValue());
        });
        return merged;
    }

    private ObjectNode defaults(ObjectNode root) {
        JsonNode defaults = root.get("defaults");
        if (defaults == null || defaults.isNull()) {
            return null;
        }
        if (!(defaults instanceof ObjectNode object)) {
            throw new ConfigException(new Place(main, find(main, "/defaults"), false).describe()
                    + " (defaults): must be a mapping of table keys, such as format: or mode:");
        }
        List<String> allowed = Keys.of(TableConfig.class).stream().filter(k -> !Keys.TABLE_IDENTITY.contains(k))
                .toList();
        for (String key : (Iterable<String>) () -> object.fieldNames()) {
            if (!allowed.contains(key)) {
                String hint = Keys.TABLE_IDENTITY.contains(key) ? "'" + key + "' is each table's own; set it in the "
                        + "table" : Keys.unknown(key, "", allowed);
                throw new ConfigException(new Place(main, find(main, "/defaults/" + key), false).describe()
                        + " (defaults): " + hint);
            }
        }
        return object;
    }

    private void collect(Path file, ObjectNode node, LinkedHashSet<Path> chain, ArrayNode tables,
                         Map<String, Origin> names) {
        JsonNode own = node.get("tables");
        if (own != null && own.isArray()) {
            for (int i = 0; i < own.size(); i++) {
                Origin origin = new Origin(file, i);
                JsonNode name = own.get(i).get("name");
                Origin first = name == null || !name.isTextual() ? null : names.putIfAbsent(name.asText(), origin);
                if (first != null) {
                    String firstLine = "line " + find(first.file(), "/tables/" + first.index()).getLineNr();
                    throw new ConfigException(new Place(file, find(file, "/tables/" + i), false).describe()
                            + ": table '" + name.asText() + "' is " + (first.file().equals(file)
                            ? "listed twice, here and at " + firstLine : "also in " + first.file() + ", " + firstLine)
                            + "; a table is listed once");
                }
                origins.add(origin);
                tables.add(own.get(i));
            }
        } else if (own != null && !own.isNull()) {
            if (file.equals(main)) {
                return; // left as it is, for the binding to name the key and its line
            }
            throw new ConfigException(new Place(file, find(file, "/tables"), false).describe()
                    + " (tables): must be a list of tables");
        }
        JsonNode includes = node.get("include");
        if (includes == null || includes.isNull()) {
            return;
        }
        List<JsonNode> entries = new ArrayList<>();
        includes.forEach(entries::add);
        if (includes.isValueNode()) {
            entries = List.of(includes);
        }
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            String pointer = "/include" + (includes.isArray() ? "/" + i : "");
            if (!entry.isTextual() || entry.asText().isBlank()) {
                throw new ConfigException(new Place(file, find(file, pointer), false).describe()
                        + " (include): name a manifest file, relative to " + file);
            }
            Path parent = file.toAbsolutePath().getParent();
            Path included = parent.resolve(entry.asText()).normalize();
            if (chain.contains(included)) {
                throw new ConfigException(new Place(file, find(file, pointer), false).describe() + " (include): "
                        + file + " includes " + included + ", which " + (included.equals(file.toAbsolutePath()
                        .normalize()) ? "is itself" : "includes " + file + " again (" + String.join(" -> ",
                        chain.stream().map(Path::toString).toList()) + " -> " + included + ")")
                        + "; remove one of the includes");
            }
            ObjectNode child = parse(included, "included manifest " + included + " (include of " + file
                    + lineOf(file, pointer) + ")");
            for (String key : (Iterable<String>) () -> child.fieldNames()) {
                if (!INCLUDED_KEYS.contains(key)) {
                    throw new ConfigException(new Place(included, find(included, "/" + key), false).describe()
                            + ": an included manifest holds only tables and include; '" + key + "' belongs in "
                            + main);
                }
            }
            LinkedHashSet<Path> deeper = new LinkedHashSet<>(chain);
            deeper.add(included);
            collect(included, child, deeper, tables, names);
        }
    }

    /** Reads one file as a YAML mapping; {@code what} names it in errors. */
    private ObjectNode parse(Path file, String what) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(what + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("cannot read " + what + ": " + e.getMessage(), e);
        }
        texts.put(file, text);
        try {
            refuseAliases(file, text);
            JsonNode root = TREES.readTree(text);
            if (root == null || root.isMissingNode() || root.isNull()) {
                return TREES.createObjectNode();
            }
            if (!(root instanceof ObjectNode object)) {
                throw new ConfigException(file + ": a manifest is a YAML mapping of keys (source, target, tables)");
            }
            return object;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new ConfigException(file + (at == null || at.getLineNr() < 1 ? "" : ", line " + at.getLineNr()
                    + ", column " + at.getColumnNr()) + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + what + ": " + e.getMessage(), e);
        }
    }

    /**
     * Jackson's YAML binding does not resolve aliases: it reads {@code *p} as the text "p" and fails on an aliased
     * list, so a manifest would load something other than what it says. lakeload refuses them, with their place
     * (an anchor alone changes nothing and is left alone).
     */
    private static void refuseAliases(Path file, String text) throws IOException {
        try (YAMLParser parser = (YAMLParser) YAML.createParser(text)) {
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

    private String lineOf(Path file, String pointer) {
        JsonLocation location = find(file, pointer);
        return location == null ? "" : ", line " + location.getLineNr();
    }

    /** Where the entry at a JSON pointer stands in a file read before; null when it is not there. */
    private JsonLocation find(Path file, String pointer) {
        String text = texts.get(file);
        return text == null ? null : find(text, pointer);
    }

    static JsonLocation find(String text, String pointer) {
        try (JsonParser parser = YAML.createParser(text)) {
            while (parser.nextToken() != null) {
                if (parser.getParsingContext().pathAsPointer().toString().equals(pointer)) {
                    return parser.currentTokenLocation();
                }
            }
        } catch (IOException ignored) {
            // The text parsed a moment ago; the caller falls back to what it has.
        }
        return null;
    }
}
