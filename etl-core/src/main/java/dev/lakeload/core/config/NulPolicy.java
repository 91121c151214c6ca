package dev.lakeload.core.config;

/**
 * What to do with a NUL character (U+0000) in a value: PostgreSQL text and jsonb cannot store it.
 */
public enum NulPolicy {
    /** The row goes to the rejects table with the column and reason. */
    REJECT,
    /** NUL characters are removed from the value; the count is reported. */
    STRIP,
    /** Each NUL becomes U+FFFD (the replacement character); the count is reported. */
    REPLACE
}
