package dev.lakeload.core.pipeline;

import java.util.Locale;

/** Where a listed file stands against the ledger. */
public enum FileState {
    /** The ledger has no entry for its location. */
    NEW,
    /** Its content is loaded: same stamp as its latest entry, or a new stamp on the same content (touched). */
    LOADED,
    /** Its content was skipped under {@code rewrittenFiles: skip}, and has not changed since. */
    SKIPPED,
    /** Its content differs from what its latest entry recorded: rewritten in place since. */
    REWRITTEN;

    /** The lower-case name, as {@code lakeload ls} shows it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
