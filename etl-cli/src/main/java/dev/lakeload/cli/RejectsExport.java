package dev.lakeload.cli;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import de.siegmar.fastcsv.writer.QuoteStrategy;
import dev.lakeload.core.ConfigException;
import dev.lakeload.core.DataException;
import dev.lakeload.core.config.CsvFormat;
import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.row.Column;
import dev.lakeload.core.row.Row;
import dev.lakeload.core.source.FileContent;
import dev.lakeload.core.source.HashingInputStream;
import dev.lakeload.core.source.Source;
import dev.lakeload.core.source.SourceFile;
import dev.lakeload.core.source.TableFiles;
import dev.lakeload.postgres.PostgresLedger;
import dev.lakeload.postgres.RecordedReject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Writes the source records of rejected rows to a CSV file of their table's format, so that an operator can fix
 * them and drop the file into the table's folder, where the next run loads it as a new file. The records are read
 * again from their files in the source, with the table's reader, so each one is written whole, with every field,
 * NULL kept apart from the empty string as the format says.
 */
final class RejectsExport {
    /**
     * What was written.
     *
     * @param records the records written (a record with several rejected values is written once)
     * @param rejects the rejects they cover
     * @param runIds the runs that rejected them, for {@code --resolve --run}
     */
    record Result(int records, int rejects, List<String> runIds) {
    }

    private RejectsExport() {
    }

    /**
     * Writes the records of {@code rejects} of {@code table}, in file and line order, to {@code target}; writes
     * nothing when there are none.
     *
     * @throws ConfigException when the table's files are not CSV
     * @throws DataException naming a file no longer in the source, or whose content is no longer what the
     *     rejecting run loaded
     */
    static Result write(Source source, PostgresLedger ledger, TableSpec table, List<RecordedReject> rejects,
                        Path target) {
        if (!(table.format() instanceof CsvFormat format)) {
            throw new ConfigException("table " + table.name() + ": --export writes CSV files, and this table's "
                    + "files are not CSV");
        }
        Map<String, Set<Long>> lines = new TreeMap<>();
        Map<String, Set<String>> rejectingRuns = new TreeMap<>();
        for (RecordedReject reject : rejects) {
            lines.computeIfAbsent(reject.fileKey(), k -> new TreeSet<>()).add(reject.line());
            rejectingRuns.computeIfAbsent(reject.fileKey(), k -> new TreeSet<>()).add(reject.runId());
        }
        List<String> runIds = rejects.stream().map(RecordedReject::runId).distinct().sorted().toList();
        if (rejects.isEmpty()) {
            return new Result(0, 0, runIds);
        }
        Map<String, SourceFile> files = TableFiles.select(source, table.from(), table.files()).stream()
                .collect(Collectors.toMap(SourceFile::key, Function.identity()));
        List<Row> records = new ArrayList<>();
        lines.forEach((key, wanted) -> records.addAll(read(source, table, format, files.get(key), key, wanted,
                loadedContents(ledger, table, key, rejectingRuns.get(key)))));
        List<String> header = names(records.get(0));
        for (Row record : records) {
            if (!names(record).equals(header)) {
                throw new ConfigException("table " + table.name() + ": the rejected records come from files with "
                        + "different fields (" + records.get(0).file() + " has " + header + ", " + record.file()
                        + " has " + names(record) + "); export them one run at a time with --run");
            }
        }
        try {
            Path parent = target.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Quoting quoting = new Quoting(format.nullString());
            try (CsvWriter csv = CsvWriter.builder().fieldSeparator(format.delimiter())
                    .quoteCharacter(format.quote()).lineDelimiter(LineDelimiter.LF).quoteStrategy(quoting)
                    .build(target, StandardCharsets.UTF_8)) {
                if (format.header()) {
                    quoting.values = header.toArray(String[]::new);
                    csv.writeRecord(header);
                }
                for (Row record : records) {
                    quoting.values = record.copyValues();
                    String[] values = quoting.values.clone();
                    for (int i = 0; i < values.length; i++) {
                        values[i] = values[i] == null ? format.nullString() : values[i];
                    }
                    csv.writeRecord(values);
                }
            }
        } catch (IOException e) {
            throw new ConfigException("--export " + target + " cannot be written: " + e.getMessage()
                    + "; choose a writable path", e);
        }
        return new Result(records.size(), rejects.size(), runIds);
    }

    /**
     * DMS writes NULL as the null string (by default an unquoted empty field) and an empty string as {@code ""}: a
     * value that would read as the null string is quoted, so that each value stays what it is. Knows the record
     * being written, to tell a NULL written as the null string from a value equal to it.
     */
    private static final class Quoting implements QuoteStrategy {
        private final String nullString;
        private String[] values;

        Quoting(String nullString) {
            this.nullString = nullString;
        }

        @Override
        public boolean quoteEmpty(int lineNo, int fieldIdx) {
            return values[fieldIdx] != null && nullString.isEmpty();
        }

        @Override
        public boolean quoteValue(int lineNo, int fieldIdx, String value) {
            return values[fieldIdx] != null && value.equals(nullString);
        }
    }

    /** The SHA-256 of each content of {@code key} that {@code runIds} loaded; none for a ledger without hashes. */
    private static Set<String> loadedContents(PostgresLedger ledger, TableSpec table, String key, Set<String> runIds) {
        Set<String> contents = new TreeSet<>();
        runIds.forEach(run -> ledger.loadedContentSha256(table.name(), run, key).ifPresent(contents::add));
        return contents;
    }

    /**
     * Reads the records of {@code file} that start at the {@code wanted} lines, and checks that the file still holds
     * the content its rejects were read from: a rewritten file may have other records at those lines.
     */
    private static List<Row> read(Source source, TableSpec table, CsvFormat format, SourceFile file, String key,
                                  Set<Long> wanted, Set<String> loadedContents) {
        if (file == null) {
            throw new DataException(key, 0, null, "this file is no longer among the table's files in the source, "
                    + "so its rejected records cannot be exported; find them in a copy of the file by the lines "
                    + "lakeload rejects shows");
        }
        String relativeKey = key.substring(TableFiles.asFolder(table.from()).length());
        List<Row> found = new ArrayList<>();
        FileContent content;
        try (InputStream stored = source.open(file)) {
            HashingInputStream raw = new HashingInputStream(stored);
            InputStream in = format.compression().decompress(raw, key);
            format.reader(table.fieldNames(relativeKey), table.schemaEvolution()).read(in, key, row -> {
                if (wanted.contains(row.line())) {
                    found.add(row);
                }
            });
            content = raw.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(key + ": " + e.getMessage(), e);
        }
        if (!loadedContents.isEmpty() && !loadedContents.contains(content.sha256())) {
            throw new DataException(key, 0, null, "the file has changed since its rows were rejected (its content "
                    + "is not what the rejecting run loaded, by SHA-256), so the records now at the rejected lines "
                    + "are not the rejected ones and nothing was exported; fix the file's current rows instead, or "
                    + "find the rejected records in a copy of the file as it was");
        }
        if (found.size() != wanted.size()) {
            throw new DataException(key, 0, null, "the file has changed since its rows were rejected: no record "
                    + "starts at some of the rejected lines " + wanted + "; fix the file's current rows instead");
        }
        return found;
    }

    private static List<String> names(Row record) {
        return record.schema().columns().stream().map(Column::name).toList();
    }
}
