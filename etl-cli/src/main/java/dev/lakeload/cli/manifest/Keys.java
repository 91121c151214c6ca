package dev.lakeload.cli.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The keys of a manifest section (the components of its config record), and the hint for a key that is none. */
final class Keys {
    /** The keys a table has for itself alone: {@code defaults:} cannot set them. */
    static final Set<String> TABLE_IDENTITY = Set.of("name", "from");

    private Keys() {
    }

    /**
     * An unknown key in a bound tree.
     *
     * @param pointer the JSON pointer of the key ({@code /tables/1/primarKey})
     * @param path the key's path as the manifest's errors write it ({@code tables[1].primarKey})
     * @param known the keys allowed where it stands
     */
    record Unknown(String pointer, String path, String key, List<String> known) {
    }

    /**
     * The first key of {@code node} (depth first, in the file's order) that its config record has no component
     * for; null when every key is known. Checked before binding, so that a typo is named before a record's own
     * validation complains about the key it meant to set ({@code locl:} would otherwise read as "source needs
     * local or s3").
     */
    static Unknown firstUnknown(Type section, JsonNode node, String pointer, String path) {
        if (section instanceof ParameterizedType list && list.getRawType() == List.class) {
            if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    Unknown unknown = firstUnknown(list.getActualTypeArguments()[0], node.get(i),
                            pointer + "/" + i, path + "[" + i + "]");
                    if (unknown != null) {
                        return unknown;
                    }
                }
            }
            return null;
        }
        if (!(section instanceof Class<?> type) || !type.isRecord() || !(node instanceof ObjectNode object)) {
            return null;
        }
        Map<String, Type> components = new LinkedHashMap<>();
        for (RecordComponent component : type.getRecordComponents()) {
            components.put(component.getName(), component.getGenericType());
        }
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            String key = entry.getKey();
            String keyPointer = pointer + "/" + key.replace("~", "~0").replace("/", "~1");
            String keyPath = path.isEmpty() ? key : path + "." + key;
            Type component = components.get(key);
            if (component == null) {
                return new Unknown(keyPointer, keyPath, key, List.copyOf(components.keySet()));
            }
            Unknown nested = firstUnknown(component, entry.getValue(), keyPointer, keyPath);
            if (nested != null) {
                return nested;
            }
        }
        return null;
    }

    /** The keys of the section a config record binds, in declaration order. */
    static List<String> of(Class<? extends Record> section) {
        return Arrays.stream(section.getRecordComponents()).map(RecordComponent::getName).toList();
    }

    /**
     * "unknown key 'primarKey' of table orders; did you mean 'primaryKey'?" when a known key is close (a few
     * letters apart, ignoring case), else the keys allowed.
     *
     * @param of where the key is, such as " of table orders", or ""
     */
    static String unknown(String key, String of, Collection<String> known) {
        String closest = closest(key, known);
        return "unknown key '" + key + "'" + of + (closest != null ? "; did you mean '" + closest + "'?"
                : "; expected one of: " + known.stream().sorted().collect(Collectors.joining(", ")));
    }

    /** The known key closest to {@code key} by edit distance, when close enough to be a typo of it; else null. */
    static String closest(String key, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String lower = key.toLowerCase(Locale.ROOT);
        for (String candidate : known) {
            int distance = distance(lower, candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        // A third of the key's letters: 'mod' -> 'mode', 'primarKey' -> 'primaryKey', but not 'url' -> 'user'.
        return bestDistance <= Math.max(1, key.length() / 3) ? best : null;
    }

    /**
     * The edit distance counting insertions, deletions, substitutions and swaps of neighbours ({@code mdoe} is one
     * edit from {@code mode}): optimal string alignment.
     */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
