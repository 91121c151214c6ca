package dev.lakeload.json;

import java.util.Arrays;

/**
 * The values read from one document, held until the whole document has parsed: a document that fails halfway must
 * not add columns or emit rows. Reused from document to document. Not thread-safe.
 *
 * <p>Record 0 is the document itself; each element of an array flattened into a child table is one more record.
 * Every value (a leaf) belongs to one record.
 */
final class ParsedDocument {
    private PathNode[] roots = new PathNode[4];
    private int[] indexes = new int[4];
    private int records;

    private PathNode[] nodes = new PathNode[64];
    private int[] owners = new int[64];
    private PgType[] types = new PgType[64];
    private String[] texts = new String[64];
    private String[] jsons = new String[64];
    private int leaves;

    void clear() {
        Arrays.fill(roots, 0, records, null);
        Arrays.fill(nodes, 0, leaves, null);
        Arrays.fill(texts, 0, leaves, null);
        Arrays.fill(jsons, 0, leaves, null);
        records = 0;
        leaves = 0;
    }

    /** Adds a record for the row of {@code root} (the document, or an array element at {@code index}). */
    int addRecord(PathNode root, int index) {
        if (records == roots.length) {
            roots = Arrays.copyOf(roots, records * 2);
            indexes = Arrays.copyOf(indexes, records * 2);
        }
        roots[records] = root;
        indexes[records] = index;
        return records++;
    }

    void addLeaf(int record, PathNode node, PgType type, String text, String json) {
        if (leaves == nodes.length) {
            int size = leaves * 2;
            nodes = Arrays.copyOf(nodes, size);
            owners = Arrays.copyOf(owners, size);
            types = Arrays.copyOf(types, size);
            texts = Arrays.copyOf(texts, size);
            jsons = Arrays.copyOf(jsons, size);
        }
        nodes[leaves] = node;
        owners[leaves] = record;
        types[leaves] = type;
        texts[leaves] = text;
        jsons[leaves] = json;
        leaves++;
    }

    void addLeaf(int record, PathNode node, Scalar value) {
        addLeaf(record, node, value.type(), value.text(), value.jsonForm());
    }

    int records() {
        return records;
    }

    PathNode root(int record) {
        return roots[record];
    }

    /** The position of a child record's element in its array. */
    int index(int record) {
        return indexes[record];
    }

    int leaves() {
        return leaves;
    }

    PathNode node(int leaf) {
        return nodes[leaf];
    }

    int record(int leaf) {
        return owners[leaf];
    }

    PgType type(int leaf) {
        return types[leaf];
    }

    String text(int leaf) {
        return texts[leaf];
    }

    /** The value's JSON form when it differs from what its type derives from the text, else null. */
    String json(int leaf) {
        return jsons[leaf];
    }
}
