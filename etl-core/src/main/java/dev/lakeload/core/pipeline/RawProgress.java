package dev.lakeload.core.pipeline;

import dev.lakeload.core.config.CsvFormat;
import dev.lakeload.core.csv.CsvChunk;
import dev.lakeload.core.csv.RawCsvSink;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Passes a file's raw CSV chunks to staging and counts the records of those it loaded, as {@link ReachedRecords}
 * counts rows, and for the file's progress. Not thread-safe.
 */
final class RawProgress implements RawCsvSink {
    private final RawCsvSink staging;
    private final ReachedRecords reached;
    private final LongConsumer loaded;

    /** @param loaded told the number of records of each chunk staging loaded */
    RawProgress(RawCsvSink staging, ReachedRecords reached, LongConsumer loaded) {
        this.staging = staging;
        this.reached = reached;
        this.loaded = loaded;
    }

    @Override
    public boolean takesRaw(CsvFormat format, List<String> fieldNames) {
        return staging.takesRaw(format, fieldNames);
    }

    @Override
    public int chunkBytes() {
        return staging.chunkBytes();
    }

    @Override
    public boolean acceptRaw(CsvChunk chunk) {
        if (!staging.acceptRaw(chunk)) {
            return false;
        }
        reached.reachedRaw(chunk.records());
        loaded.accept(chunk.records());
        return true;
    }
}
