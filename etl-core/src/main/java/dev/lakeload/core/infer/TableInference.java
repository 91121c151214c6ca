package dev.lakeload.core.infer;

import dev.lakeload.core.ConfigException;
import dev.lakeload.core.DataException;
import dev.lakeload.core.config.ColumnSpec;
import dev.lakeload.core.config.CsvFormat;
import dev.lakeload.core.config.LoadMode;
import dev.lakeload.core.csv.CsvRowReader;
import dev.lakeload.core.source.DmsFileOrder;
import dev.lakeload.core.source.GlobFilter;
import dev.lakeload.core.source.Source;
import dev.lakeload.core.source.SourceFile;
import dev.lakeload.core.source.TableFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Suggests how to load the DMS table folders of a source, for {@code lakeload init} and {@code infer}: reads a
 * bounded sample of each folder (the first rows of its first full-load file and of its newest change file, at most
 * {@code sampleRows} rows and 32 M characters of values from each), and
 * guesses the columns' types ({@link TypeGuess}), whether the files have a header, whether change files carry
 * {@code Op} (then {@code mode: cdc} on a key it can guess), and whether the folder is a MongoDB collection in
 * document mode (a JSON {@code _doc} field, flattened).
 *
 * <p>It only reads: nothing is loaded or recorded. The caller owns and closes the source. Thread-safe.
 */
public final class TableInference {
    /** Rows read from each sampled file unless told otherwise. */
    public static final int DEFAULT_SAMPLE_ROWS = 1000;

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");
    private static final Set<String> OPERATIONS = Set.of("I", "U", "D");
    /** Sampling stops at this many characters of values, so large MongoDB documents do not fill the heap. */
    private static final long MAX_SAMPLE_CHARS = 32L * 1024 * 1024;

    private final Source source;
    private final int sampleRows;

    /**
     * @param source where the files are; not closed here
     * @param sampleRows the most rows read from each sampled file, at least 1
     */
    public TableInference(Source source, int sampleRows) {
        if (sampleRows < 1) {
            throw new ConfigException("the sample must have at least 1 row per file, got " + sampleRows);
        }
        this.source = source;
        this.sampleRows = sampleRows;
    }

    /**
     * The folders of the source holding DMS full-load or change files ({@code schema/table/}), by key; date
     * partition folders count as their table's. Empty files and other names are not DMS files.
     */
    public List<String> tableFolders() {
        Set<String> folders = new TreeSet<>();
        for (SourceFile file : source.list("")) {
            String key = file.key();
            if (file.size() > 0 && !key.endsWith("/")
                    && (DmsFileOrder.isFullLoad(key) || DmsFileOrder.isChange(key))) {
                String folder = DmsFileOrder.tableFolder(key);
                if (!folder.isEmpty()) {
                    folders.add(folder);
                }
            }
        }
        return List.copyOf(folders);
    }

    /**
     * Samples one table folder and suggests how to load it.
     *
     * @param folder the table's key prefix
     * @param selected which files under it are the table's ({@link GlobFilter#ALL} for every file)
     * @param format how the files are written; its {@code header} is taken as is unless {@code detectHeader}
     * @param detectHeader whether to decide from the files if they start with a header
     * @param names the names to give the data fields of headerless files, used when there are as many; else they
     *     are named {@code col1..N}
     * @throws DataException naming the file when a sampled file cannot be read or is not CSV of this format
     * @throws ConfigException when the folder holds no files
     */
    public InferredTable infer(String folder, GlobFilter selected, CsvFormat format, boolean detectHeader,
                               List<String> names) {
        String prefix = TableFiles.asFolder(folder);
        List<SourceFile> files = TableFiles.select(source, prefix, selected);
        if (files.isEmpty()) {
            throw new ConfigException("no files under '" + prefix + "' in " + source.describe());
        }
        SourceFile firstLoad = files.stream().filter(f -> DmsFileOrder.isFullLoad(relative(prefix, f)))
                .findFirst().orElse(null);
        SourceFile newestChange = files.stream().filter(f -> DmsFileOrder.isChange(relative(prefix, f)))
                .reduce((a, b) -> b).orElse(null);
        List<String> others = List.of();
        if (firstLoad == null && newestChange == null) {
            firstLoad = files.get(0);
        } else {
            // A table reads every file under its folder: files DMS did not write there would fail it.
            others = files.stream().map(f -> relative(prefix, f))
                    .filter(k -> !DmsFileOrder.isFullLoad(k) && !DmsFileOrder.isChange(k)).toList();
        }
        CsvFormat read = detectHeader ? headerless(format) : format;
        Sample load = firstLoad == null ? null : sample(firstLoad, read);
        Sample change = newestChange == null ? null : sample(newestChange, read);
        boolean header = format.header();
        if (detectHeader) {
            header = (load == null || load.startsWithHeader()) && (change == null || change.startsWithHeader());
            if (header) {
                load = load == null ? null : load.withoutHeader();
                change = change == null ? null : change.withoutHeader();
            }
        }
        return new Shape(prefix, header, load, change, names, others).decide();
    }

    private static String relative(String prefix, SourceFile file) {
        return file.key().substring(prefix.length());
    }

    private static CsvFormat headerless(CsvFormat format) {
        return new CsvFormat(false, format.delimiter(), format.quote(), format.nullString(), format.compression(),
                List.of(), format.maxFieldBytes());
    }

    /** Ends reading a file once the sample is full. */
    private static final class SampleFull extends RuntimeException {
        SampleFull() {
            super(null, null, false, false);
        }
    }

    private Sample sample(SourceFile file, CsvFormat format) {
        List<String[]> rows = new ArrayList<>();
        List<List<String>> names = new ArrayList<>(List.of(List.of()));
        boolean whole = true;
        long[] chars = {0};
        try (InputStream in = format.compression().decompress(source.open(file), file.key())) {
            CsvRowReader.positional(format).read(in, file.key(), row -> {
                names.set(0, row.schema().names());
                rows.add(row.copyValues());
                for (int i = 0; i < row.size(); i++) {
                    chars[0] += row.get(i) == null ? 0 : row.get(i).length();
                }
                if (rows.size() >= sampleRows || chars[0] >= MAX_SAMPLE_CHARS) {
                    throw new SampleFull();
                }
            });
        } catch (SampleFull enough) {
            whole = false;
        } catch (UncheckedIOException | IOException e) {
            throw new DataException(file.key(), 0, null, "cannot be read: " + e.getMessage(), e);
        }
        return new Sample(file.key(), names.get(0), rows, whole);
    }

    /** The first rows of one file and the names its reader gave the fields. */
    private record Sample(String key, List<String> names, List<String[]> rows, boolean whole) {
        int width() {
            return names.size();
        }

        /**
         * Whether the first record names the fields: distinct identifiers, above rows where some field has a type
         * its name does not have. A file of text fields only cannot tell, and is taken as headerless.
         */
        boolean startsWithHeader() {
            if (rows.size() < 2) {
                return false;
            }
            String[] first = rows.get(0);
            if (Arrays.stream(first).anyMatch(v -> v == null || !IDENTIFIER.matcher(v).matches())
                    || Set.of(first).size() != first.length) {
                return false;
            }
            for (int i = 0; i < first.length; i++) {
                TypeGuess below = new TypeGuess();
                for (String[] row : rows.subList(1, rows.size())) {
                    below.offer(row[i]);
                }
                TypeGuess name = new TypeGuess();
                name.offer(first[i]);
                if (!below.type().equals("text") && !below.type().equals(name.type())) {
                    return true;
                }
            }
            return false;
        }

        Sample withoutHeader() {
            return new Sample(key, List.of(rows.get(0)), rows.subList(1, rows.size()), whole);
        }

        boolean opFirst() {
            return !rows.isEmpty() && rows.stream().allMatch(r -> OPERATIONS.contains(r[0]));
        }

        boolean onlyInserts() {
            return rows.stream().allMatch(r -> "I".equals(r[0]));
        }
    }

    /** Decides a folder's layout, columns, mode and key from its samples. */
    private static final class Shape {
        private final String folder;
        private final boolean header;
        private final Sample load;
        private final Sample change;
        private final List<String> givenNames;
        private final List<String> others;
        private final List<String> notes = new ArrayList<>();

        Shape(String folder, boolean header, Sample load, Sample change, List<String> givenNames,
              List<String> others) {
            this.folder = folder;
            this.header = header;
            this.load = load;
            this.change = change;
            this.givenNames = givenNames == null ? List.of() : givenNames;
            this.others = others;
        }

        InferredTable decide() {
            boolean changeHasOp = change != null && change.opFirst();
            // DMS IncludeOpForFullLoad=true: full-load rows start with I too, and every file has as many fields.
            boolean opInLoad = changeHasOp && load != null && load.width() == change.width() && load.opFirst()
                    && load.onlyInserts();
            boolean cdc = changeHasOp && (load == null || opInLoad || load.width() == change.width() - 1);
            if (cdc && header) {
                notes.add("change files start with Op, but mode cdc reads headerless files only (DMS "
                        + "AddColumnName=false), so their changes are not applied");
                cdc = false;
            }
            List<String> fields = List.of();
            List<String[]> rows = List.of();
            String document = null;
            List<String> key = List.of();
            if (cdc) {
                List<String[]> loadData = data(load, opInLoad);
                List<String[]> changeData = data(change, true);
                fields = names(change, 1);
                rows = concat(loadData, changeData);
                document = documentColumn(fields, rows);
                fields = document == null ? fields : documentFields(fields);
                key = key(fields, document != null, loadData, changeData);
                if (key.isEmpty()) {
                    notes.add("change files start with Op, but no key could be guessed from the sample, so their "
                            + "changes are not applied: set primaryKey and mode: cdc to apply them");
                    cdc = false;
                }
            } else if (changeHasOp && load != null && !header) {
                notes.add("full-load files have " + load.width() + " fields and change files " + change.width()
                        + " (Op first), a layout mode cdc does not read, so their changes are not applied");
            }
            List<String> include = List.of();
            if (!cdc) {
                boolean sameShape = load == null || change == null || !changeHasOp && load.width() == change.width();
                if (!sameShape) {
                    include = List.of("LOAD*");
                    notes.add("only the full-load files (LOAD*) are loaded: the change files do not have their "
                            + "fields");
                } else if (change != null && load != null) {
                    notes.add("the change files have no Op column (DMS CdcInsertsOnly?): their rows are appended");
                } else if (changeHasOp) {
                    notes.add("there are no full-load files: every change is appended as a row, Op first");
                }
                Sample shapeOf = load != null ? load : change;
                fields = names(shapeOf, 0);
                rows = sameShape ? concat(load == null ? List.of() : load.rows(),
                        change == null ? List.of() : change.rows()) : load.rows();
                document = documentColumn(fields, rows);
                fields = document == null ? fields : documentFields(fields);
            }
            document = document == null ? null : fields.get(fields.size() - 1);
            if (!header && document == null && !fields.equals(givenNames)) {
                notes.add(0, "the files have no header (DMS AddColumnName=false), so their " + fields.size()
                        + " fields are named col1..col" + fields.size() + " in file order: rename them to the "
                        + "source's column names");
            }
            List<ColumnSpec> columns = new ArrayList<>();
            for (int i = 0; i < fields.size(); i++) {
                if (fields.get(i).equals(document)) {
                    continue;
                }
                TypeGuess guess = new TypeGuess();
                for (String[] row : rows) {
                    guess.offer(row[i]);
                }
                boolean id = key.contains(fields.get(i)) || namedLikeAnId(fields.get(i))
                        || i == 0 && unique(rows, new int[] {0});
                columns.add(new ColumnSpec(fields.get(i), suggested(fields.get(i), guess.type(), id)));
            }
            List<String> sampled = new ArrayList<>();
            long sampledRows = 0;
            for (Sample sample : new Sample[] {load, change}) {
                if (sample != null) {
                    sampled.add(sample.key());
                    sampledRows += sample.rows().size();
                }
            }
            if (!others.isEmpty()) {
                notes.add(others.size() + " file(s) that are neither full-load nor change files are left out "
                        + "(exclude)");
            }
            return new InferredTable(folder, header, fields, columns, cdc ? LoadMode.CDC : LoadMode.APPEND, key,
                    cdc && opInLoad, document, include, others, sampled, sampledRows, notes);
        }

        /**
         * The guessed type, with integers widened where the sample cannot show the largest value: an id (a key, a
         * field named like one, a first field unique in the sample; ids grow) becomes bigint, and a column of a
         * file read only in part one step wider.
         */
        private String suggested(String field, String type, boolean id) {
            boolean integer = type.equals("smallint") || type.equals("integer");
            if (integer && id) {
                notes.add(field + " is bigint rather than " + type + ": ids grow past the sampled values");
                return "bigint";
            }
            boolean partial = load != null && !load.whole() || change != null && !change.whole();
            if (integer && partial) {
                String wider = type.equals("smallint") ? "integer" : "bigint";
                notes.add(field + " is " + wider + " rather than " + type + ": the sample did not read every row");
                return wider;
            }
            return type;
        }

        private static List<String[]> concat(List<String[]> a, List<String[]> b) {
            List<String[]> all = new ArrayList<>(a);
            all.addAll(b);
            return all;
        }

        /** The rows' data fields: without the leading Op when it is there. */
        private static List<String[]> data(Sample sample, boolean withOp) {
            if (sample == null) {
                return List.of();
            }
            return withOp ? sample.rows().stream().map(r -> Arrays.copyOfRange(r, 1, r.length)).toList()
                    : sample.rows();
        }

        /** The data fields' names, after {@code skip} leading ones: the header's, the given ones, or col1..N. */
        private List<String> names(Sample sample, int skip) {
            if (header) {
                return sample.names().subList(skip, sample.names().size());
            }
            int width = sample.width() - skip;
            return givenNames.size() == width ? givenNames : CsvRowReader.positionalNames(width);
        }

        /** Whether the last field holds JSON objects only, with at most an id before it: MongoDB's {@code _doc}. */
        private static String documentColumn(List<String> fields, List<String[]> rows) {
            if (fields.size() > 2) {
                return null;
            }
            int last = fields.size() - 1;
            boolean documents = rows.stream().map(r -> r[last]).allMatch(v -> v == null
                    || v.startsWith("{") && v.endsWith("}"));
            return documents && rows.stream().anyMatch(r -> r[last] != null) ? fields.get(last) : null;
        }

        private List<String> documentFields(List<String> fields) {
            notes.add("a MongoDB collection in document mode: " + (fields.size() == 2 ? "the id, then " : "")
                    + "the whole document as JSON, flattened into typed columns");
            if (header) {
                return fields;
            }
            return fields.size() == 1 ? List.of("_doc") : List.of("_id", "_doc");
        }

        /**
         * The key cdc merges on: a MongoDB collection's {@code _id}; a field named {@code id}; the fields a delete
         * carries when it leaves the others empty (DMS writes only the key of a deleted row from some sources); else
         * the first field, when it is set in every sampled row and unique in the full-load rows. Empty when none
         * holds.
         */
        private List<String> key(List<String> fields, boolean document, List<String[]> loadData,
                                 List<String[]> changeData) {
            if (document && fields.get(0).equals("_id")) {
                notes.add("mode cdc on _id, the document id DMS extracted (extractDocID=true)");
                return List.of("_id");
            }
            for (int i = 0; i < fields.size(); i++) {
                if (fields.get(i).equalsIgnoreCase("id") && unique(loadData, new int[] {i})) {
                    return guessed(List.of(fields.get(i)), "named like a key and unique in the sample");
                }
            }
            List<String[]> deletes = new ArrayList<>();
            for (int r = 0; r < change.rows().size(); r++) {
                if ("D".equals(change.rows().get(r)[0])) {
                    deletes.add(changeData.get(r));
                }
            }
            List<String[]> all = concat(loadData, changeData);
            int[] set = IntStream.range(0, fields.size())
                    .filter(i -> deletes.stream().allMatch(d -> d[i] != null)).toArray();
            int[] ids = Arrays.stream(set).filter(i -> identifying(all, i)).toArray();
            if (!deletes.isEmpty() && ids.length > 0 && set.length < fields.size() && unique(loadData, ids)) {
                return guessed(Arrays.stream(ids).mapToObj(fields::get).toList(), "the only fields deletes carry");
            }
            boolean firstSet = all.stream().allMatch(r -> r[0] != null);
            if (firstSet && identifying(all, 0) && unique(loadData, new int[] {0})) {
                return guessed(List.of(fields.get(0)), "the first field, set in every sampled row and unique in "
                        + "the full-load rows");
            }
            return List.of();
        }

        /** {@code id}, {@code customer_id}, {@code customerId}: a field that names an id, its own or another's. */
        private static boolean namedLikeAnId(String field) {
            return field.equalsIgnoreCase("id") || field.toLowerCase(Locale.ROOT).endsWith("_id")
                    || field.endsWith("Id") && field.length() > 2;
        }

        /**
         * Whether a field's values can be ids: integers, uuids or text. A unique timestamp or decimal in a sample
         * is a coincidence (a DMS commit timestamp in the first field is one), not a key.
         */
        private static boolean identifying(List<String[]> rows, int position) {
            TypeGuess guess = new TypeGuess();
            rows.forEach(r -> guess.offer(r[position]));
            return Set.of("smallint", "integer", "bigint", "numeric", "uuid", "text").contains(guess.type());
        }

        private List<String> guessed(List<String> key, String why) {
            notes.add("mode cdc on " + String.join(", ", key) + ", guessed: " + why + "; check that it is the "
                    + "source table's primary key");
            return key;
        }

        /** Whether no two rows have the same values at {@code positions}, none of them NULL. */
        private static boolean unique(List<String[]> rows, int[] positions) {
            Set<List<String>> seen = new HashSet<>();
            for (String[] row : rows) {
                List<String> key = new ArrayList<>(positions.length);
                for (int position : positions) {
                    if (row[position] == null) {
                        return false;
                    }
                    key.add(row[position]);
                }
                if (!seen.add(key)) {
                    return false;
                }
            }
            return true;
        }
    }
}
