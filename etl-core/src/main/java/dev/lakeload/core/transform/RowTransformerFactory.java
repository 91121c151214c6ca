package dev.lakeload.core.transform;

/**
 * Makes a new {@link RowTransformer} for each table load, so that a {@link dev.lakeload.core.config.TableSpec}
 * holds no transformer state: one spec can load twice, or on several threads at once, and each load starts from a
 * fresh transformer. Usually a constructor reference ({@code MaskEmails::new}) or a lambda
 * ({@code () -> new JsonFlattener(options)}).
 *
 * <p>Must be thread-safe (loads may call it at once), and each call must return a new instance, or one that keeps
 * no state between rows.
 */
@FunctionalInterface
public interface RowTransformerFactory {
    /** A transformer for one table load; never null. */
    RowTransformer create();
}
