package dev.lakeload.core.config;

/**
 * What to do with a file that was loaded before and has since been rewritten in place (same key, new version
 * tag). Loading it again in append mode would add its rows a second time.
 */
public enum RewritePolicy {
    /** The table fails, naming the files, and nothing is loaded until an operator decides. */
    FAIL,
    /** The new content is loaded as a new file; the report lists it. */
    LOAD,
    /** The file is left as loaded before; the report lists it. */
    SKIP
}
