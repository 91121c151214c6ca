package dev.lakeload.core.pipeline;

import dev.lakeload.core.config.RewritePolicy;
import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.ledger.LoadedFile;
import dev.lakeload.core.source.Source;
import dev.lakeload.core.source.SourceFile;
import dev.lakeload.core.source.TableFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which files of a table the next load takes, decided from the source listing and the ledger.
 *
 * @param listed every file of the table, in load order
 * @param toLoad the files to load now, in load order
 * @param alreadyLoaded files the ledger has with the same version tag
 * @param rewritten files the ledger has with another version tag (rewritten in place since)
 */
public record TablePlan(List<SourceFile> listed, List<SourceFile> toLoad, List<SourceFile> alreadyLoaded,
                        List<SourceFile> rewritten) {
    public TablePlan {
        listed = List.copyOf(listed);
        toLoad = List.copyOf(toLoad);
        alreadyLoaded = List.copyOf(alreadyLoaded);
        rewritten = List.copyOf(rewritten);
    }

    /** Lists the table's files and sorts them against what the ledger has. */
    public static TablePlan of(TableSpec table, Source source, Map<String, LoadedFile> loaded) {
        List<SourceFile> listed = TableFiles.select(source, table.from(), table.files());
        List<SourceFile> toLoad = new ArrayList<>();
        List<SourceFile> already = new ArrayList<>();
        List<SourceFile> rewritten = new ArrayList<>();
        for (SourceFile file : listed) {
            LoadedFile previous = loaded.get(file.key());
            if (previous == null) {
                toLoad.add(file);
            } else if (previous.versionTag().equals(file.versionTag())) {
                already.add(file);
            } else {
                rewritten.add(file);
                if (table.rewritePolicy() == RewritePolicy.LOAD) {
                    toLoad.add(file);
                }
            }
        }
        return new TablePlan(listed, toLoad, already, rewritten);
    }
}
