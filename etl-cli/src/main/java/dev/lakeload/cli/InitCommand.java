package dev.lakeload.cli;

import dev.lakeload.cli.init.StarterManifest;
import dev.lakeload.cli.manifest.S3Config;
import dev.lakeload.core.ConfigException;
import dev.lakeload.core.DataException;
import dev.lakeload.core.config.CsvFormat;
import dev.lakeload.core.infer.InferredTable;
import dev.lakeload.core.infer.TableInference;
import dev.lakeload.core.source.GlobFilter;
import dev.lakeload.core.source.LocalFolderSource;
import dev.lakeload.core.source.Source;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lakeload init}: finds the DMS table folders under a local folder or an S3 prefix, samples their files and
 * writes a commented starter manifest that loads them as they are. Reads the source only; never overwrites a file
 * unless told to.
 */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Find the DMS table folders (schema/table/) under a folder or S3 prefix, sample their files, "
                + "and write a commented starter manifest with inferred column types, modes and keys.")
final class InitCommand implements Callable<Integer> {
    @Option(names = "--from", paramLabel = "FOLDER|s3://BUCKET/PREFIX", defaultValue = ".",
            description = "Where DMS wrote the tables (default: the current folder).")
    String from;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = "lakeload.yaml",
            description = "The manifest to write (default: ${DEFAULT-VALUE}); refused when it exists.")
    Path output;

    @Option(names = "--force", description = "Overwrite the output file when it exists.")
    boolean force;

    @Option(names = "--sample-rows", paramLabel = "N", defaultValue = "" + TableInference.DEFAULT_SAMPLE_ROWS,
            description = "Rows read from each sampled file (default: ${DEFAULT-VALUE}).")
    int sampleRows;

    @Option(names = "--region", description = "S3: the bucket's region (written to the manifest).")
    String region;

    @Option(names = "--endpoint", description = "S3: an S3-compatible endpoint URI (written to the manifest).")
    String endpoint;

    @Option(names = "--path-style", description = "S3: path-style addressing (written to the manifest).")
    boolean pathStyle;

    @Option(names = "--profile", description = "S3: a named AWS profile (written to the manifest).")
    String profile;

    @Option(names = "--checksums", paramLabel = "MODE",
            description = "S3: when_supported or when_required (written to the manifest).")
    String checksums;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (Files.exists(output) && !force) {
            throw new ConfigException(output + " exists: init does not overwrite a manifest; name another file "
                    + "with --output FILE, or replace it with --force");
        }
        PrintWriter out = spec.commandLine().getOut();
        Path directory = output.toAbsolutePath().getParent();
        String sourceYaml;
        List<InferredTable> tables = new ArrayList<>();
        S3Config s3 = from.startsWith("s3://") ? s3Config() : null;
        try (Source source = s3 != null ? S3Sources.open(s3) : localSource()) {
            sourceYaml = s3 != null ? s3Yaml(s3) : localYaml(directory);
            TableInference inference = new TableInference(source, sampleRows);
            List<String> folders = inference.tableFolders();
            if (folders.isEmpty()) {
                throw new ConfigException("--from " + from + ": no DMS files found in " + source.describe()
                        + ". init looks for table folders (schema/table/) holding full-load files "
                        + "(LOAD00000001.csv) or change files (20260101-101500123.csv), also gzipped; point --from "
                        + "at the folder or S3 prefix above them");
            }
            out.printf("%d DMS table folder(s) in %s:%n", folders.size(), source.describe());
            for (String folder : folders) {
                InferredTable table = sample(inference, folder);
                tables.add(table);
                String mode = table.mode().name().toLowerCase(Locale.ROOT)
                        + (table.primaryKey().isEmpty() ? "" : " on " + String.join(", ", table.primaryKey()));
                out.printf("  %-32s %s, %d column(s), %d row(s) sampled from %d file(s)%n", folder, mode,
                        table.columns().size(), table.sampledRows(), table.sampled().size());
            }
        }
        String manifest = StarterManifest.render(from, sourceYaml, tables, sampleRows);
        if (directory != null) {
            Files.createDirectories(directory);
        }
        Files.writeString(output, manifest, force ? new StandardOpenOption[] {StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE}
                : new StandardOpenOption[] {StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE});
        out.printf("wrote %s: %d table(s). Review its comments (names, types, keys), then:%n"
                + "  lakeload validate %s%n  lakeload run %s%n", output, tables.size(), output, output);
        out.flush();
        return ExitCodes.OK;
    }

    private InferredTable sample(TableInference inference, String folder) {
        try {
            return inference.infer(folder, GlobFilter.ALL, CsvFormat.DMS_DEFAULT, true, List.of());
        } catch (DataException e) {
            throw new DataException(null, 0, null, e.getMessage() + ". init samples every table folder: fix or "
                    + "remove that file, or point --from at a folder without it, then run init again", e);
        }
    }

    private Source localSource() {
        if (region != null || endpoint != null || pathStyle || profile != null || checksums != null) {
            throw new ConfigException("--region, --endpoint, --path-style, --profile and --checksums are for "
                    + "--from s3://BUCKET/PREFIX; --from " + from + " is a folder");
        }
        Path folder = Path.of(from);
        if (!Files.isDirectory(folder)) {
            throw new ConfigException("--from " + from + ": no such folder (give a folder, or s3://BUCKET/PREFIX)");
        }
        return new LocalFolderSource(folder);
    }

    private String localYaml(Path directory) {
        Path folder = Path.of(from).toAbsolutePath().normalize();
        String path = directory == null ? folder.toString() : directory.relativize(folder).toString();
        return "local: { path: " + StarterManifest.scalar(path.isEmpty() ? "." : path) + " }";
    }

    private S3Config s3Config() {
        String rest = from.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix += "/";
        }
        S3Config config = new S3Config(bucket, prefix, region, endpoint, pathStyle, profile, checksums);
        S3Sources.config(config);
        return config;
    }

    private static String s3Yaml(S3Config config) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("bucket", config.bucket());
        keys.put("prefix", config.prefix().isEmpty() ? null : config.prefix());
        keys.put("region", config.region());
        keys.put("endpoint", config.endpoint());
        keys.put("pathStyle", config.pathStyle() ? "true" : null);
        keys.put("profile", config.profile());
        keys.put("checksums", config.checksums());
        return keys.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> e.getKey() + ": " + (e.getKey().equals("pathStyle") ? e.getValue()
                        : StarterManifest.scalar(e.getValue())))
                .collect(Collectors.joining(", ", "s3: { ", " }"));
    }
}
