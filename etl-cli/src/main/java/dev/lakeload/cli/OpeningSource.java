package dev.lakeload.cli;

import dev.lakeload.core.source.Source;
import dev.lakeload.core.source.SourceFile;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * A source that opens on a thread of its own. Building an S3 client loads a few thousand classes (the SDK, its
 * HTTP client, TLS); a second core does that while the command connects to the database and prepares the ledger,
 * which come first. Its first {@link #list} or {@link #open} waits for the opening and throws what opening threw,
 * as every later call does. Thread-safe; {@link #close} waits for the opening and closes what it opened.
 */
final class OpeningSource implements Source {
    private final FutureTask<Source> opening;
    private final String description;

    private OpeningSource(Callable<Source> open, String description) {
        this.opening = new FutureTask<>(open);
        this.description = description;
    }

    /** Starts opening the source; {@code description} is what {@link #describe} says meanwhile. */
    static OpeningSource start(Callable<Source> open, String description) {
        OpeningSource source = new OpeningSource(open, description);
        Thread thread = new Thread(source.opening, "lakeload-open-source");
        thread.setDaemon(true);
        thread.start();
        return source;
    }

    @Override
    public List<SourceFile> list(String prefix) {
        return opened().list(prefix);
    }

    @Override
    public InputStream open(SourceFile file) {
        return opened().open(file);
    }

    @Override
    public String describe() {
        return description;
    }

    /** Closes the source once it is open; one that failed to open holds nothing. */
    @Override
    public void close() {
        Source source;
        try {
            source = opened();
        } catch (RuntimeException e) {
            return;
        }
        source.close();
    }

    private Source opened() {
        try {
            return opening.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while opening " + description, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException("opening " + description + " failed", e.getCause());
        }
    }
}
