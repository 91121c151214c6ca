package dev.lakeload.json;

import java.util.HashMap;
import java.util.Map;

/**
 * One JSON path of a relation, in a tree of the paths seen so far: the cache that keeps the per-key work (name
 * cleaning, type tracking) to once per path rather than once per value. Not thread-safe.
 *
 * <p>A root stands for a whole row of its relation: the document of the main table, or one array element of a child
 * table; it holds that {@link FlatRelation}.
 *
 * <p>Paths are written as keys joined by {@code .}, an array's elements marked by {@code []} after the array's
 * path; a {@code .}, {@code [} or {@code \} inside a key is escaped with {@code \}, and NUL is written {@code \0}:
 * {@code owner.address.city}, {@code tags[].name}, {@code version\.major}.
 */
final class PathNode {
    private final PathNode parent;
    private final PathNode array;
    private final String key;
    private String path;
    private Map<String, PathNode> children;
    private PathNode elements;

    /** The column of this path in its relation, once a row with a value here has been emitted. */
    FlatRelation.Slot slot;
    /** For a root: the relation its rows go to, once a row of it has been emitted. */
    FlatRelation relation;

    private PathNode(PathNode parent, PathNode array, String key, String path) {
        this.parent = parent;
        this.array = array;
        this.key = key;
        this.path = path;
    }

    /** The root of the main table's documents. */
    static PathNode documentRoot() {
        return new PathNode(null, null, null, "");
    }

    PathNode child(String childKey) {
        if (children == null) {
            children = new HashMap<>();
        }
        PathNode child = children.get(childKey);
        if (child == null) {
            child = new PathNode(this, null, childKey, null);
            children.put(childKey, child);
        }
        return child;
    }

    /** The root of this array path's elements (arrays flattened into child tables). */
    PathNode elements() {
        if (elements == null) {
            elements = new PathNode(null, this, null, path() + "[]");
        }
        return elements;
    }

    boolean isRoot() {
        return parent == null;
    }

    /** For the root of an array's elements: the array's path; otherwise null. */
    PathNode array() {
        return array;
    }

    PathNode parent() {
        return parent;
    }

    /** The key of this path's last step; null for a root. */
    String key() {
        return key;
    }

    /** The full source path (see the class comment); for the document root, the empty string. */
    String path() {
        if (path == null) {
            // Only the document root has an empty path; a key "" elsewhere still adds its '.'.
            boolean topLevel = parent.isRoot() && parent.path.isEmpty();
            path = topLevel ? escape(key) : parent.path() + '.' + escape(key);
        }
        return path;
    }

    private static String escape(String key) {
        StringBuilder escaped = null;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean special = c == '.' || c == '[' || c == '\\' || c == 0;
            if (special && escaped == null) {
                escaped = new StringBuilder(key.length() + 4).append(key, 0, i);
            }
            if (escaped != null) {
                // NUL as \0: the promoter stores paths as PostgreSQL text, which cannot hold NUL.
                escaped.append(special ? "\\" : "").append(c == 0 ? '0' : c);
            }
        }
        return escaped == null ? key : escaped.toString();
    }
}
