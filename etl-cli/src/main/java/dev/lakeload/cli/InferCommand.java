package dev.lakeload.cli;

import dev.lakeload.cli.init.StarterManifest;
import dev.lakeload.cli.manifest.Manifest;
import dev.lakeload.core.ConfigException;
import dev.lakeload.core.config.CsvFormat;
import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.infer.InferredTable;
import dev.lakeload.core.infer.TableInference;
import dev.lakeload.core.source.Source;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lakeload infer}: prints one table's suggested {@code columns:} block from a sample of its files. A
 * suggestion only: it changes neither the manifest nor any table.
 */
@Command(name = "infer", mixinStandardHelpOptions = true,
        description = "Print a table's suggested columns: block, inferred from a sample of its files. Changes "
                + "nothing.")
final class InferCommand implements Callable<Integer> {
    @Mixin
    ManifestOption manifestOption;

    @Option(names = "--table", paramLabel = "NAME", required = true, description = "The table of the manifest.")
    String table;

    @Option(names = "--sample-rows", paramLabel = "N", defaultValue = "" + TableInference.DEFAULT_SAMPLE_ROWS,
            description = "Rows read from each sampled file (default: ${DEFAULT-VALUE}).")
    int sampleRows;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Manifest manifest = manifestOption.load();
        TableSpec tableSpec = manifestOption.tables(manifest, List.of(table)).get(0);
        if (!(tableSpec.format() instanceof CsvFormat csv)) {
            throw new ConfigException("table " + table + ": infer reads CSV files only (format.type: csv)");
        }
        try (Source source = Sources.open(manifest.source(), manifestOption.directory())) {
            InferredTable inferred = new TableInference(source, sampleRows)
                    .infer(tableSpec.from(), tableSpec.files(), csv, false, tableSpec.fieldNames());
            spec.commandLine().getOut().print(StarterManifest.columnsBlock(tableSpec.name(), inferred));
        }
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
