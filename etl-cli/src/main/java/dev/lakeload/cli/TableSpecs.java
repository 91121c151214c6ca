package dev.lakeload.cli;

import dev.lakeload.cli.manifest.TableConfig;
import dev.lakeload.core.ConfigException;
import dev.lakeload.core.config.SchemaEvolution;
import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.source.GlobFilter;
import dev.lakeload.core.transform.RowTransformer;
import dev.lakeload.json.JsonFlattener;
import java.lang.reflect.InvocationTargetException;

/** Turns manifest table entries into the core's {@link TableSpec}s. */
final class TableSpecs {
    private TableSpecs() {
    }

    static TableSpec from(TableConfig config) {
        try {
            TableSpec.Builder builder = TableSpec.builder(config.name(), config.from())
                    .files(new GlobFilter(config.include(), config.exclude()))
                    .format(config.format().toFileFormat())
                    .columns(config.columns())
                    .primaryKey(config.primaryKey())
                    .mode(config.mode());
            if (config.maxRejects() != null) {
                builder.maxRejects(config.maxRejects());
            }
            if (config.nulBytes() != null) {
                builder.nulPolicy(config.nulBytes());
            }
            if (config.rewrittenFiles() != null) {
                builder.rewritePolicy(config.rewrittenFiles());
            }
            if (config.allowEmpty() != null) {
                builder.allowEmpty(config.allowEmpty());
            }
            if (config.timeZone() != null) {
                builder.timeZone(config.timeZone());
            }
            if (config.schemaEvolution() != null) {
                try {
                    builder.schemaEvolution(SchemaEvolution.of(config.schemaEvolution()));
                } catch (ConfigException e) {
                    throw new ConfigException("table " + config.name() + ": " + e.getMessage(), e);
                }
            }
            if (config.freshness() != null) {
                builder.freshness(config.freshness().toFreshness());
            }
            if (config.vanishedFiles() != null) {
                builder.vanishedFiles(config.vanishedFiles());
            }
            if (config.directCopy() != null) {
                builder.directCopy(config.directCopy());
            }
            if (config.cdc() != null) {
                builder.cdc(config.cdc().toOptions());
            }
            if (config.flatten() != null) {
                builder.transformer(new JsonFlattener(config.flatten().toOptions()));
            }
            for (String className : config.transformers()) {
                builder.transformer(instantiate(config.name(), className));
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException("table " + config.name() + ": " + e.getMessage(), e);
        }
    }

    private static RowTransformer instantiate(String table, String className) {
        try {
            Class<?> type = Class.forName(className);
            if (!RowTransformer.class.isAssignableFrom(type)) {
                throw new ConfigException("table " + table + ": transformers: " + className
                        + " does not implement dev.lakeload.core.transform.RowTransformer");
            }
            return (RowTransformer) type.getConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new ConfigException("table " + table + ": transformers: class " + className + " is not on the "
                    + "class path (put its jar in lakeload's class path, see the README)", e);
        } catch (NoSuchMethodException e) {
            throw new ConfigException("table " + table + ": transformers: " + className
                    + " needs a public constructor without arguments", e);
        } catch (InvocationTargetException e) {
            throw new ConfigException("table " + table + ": transformers: " + className + " failed to start: "
                    + e.getCause(), e);
        } catch (ReflectiveOperationException e) {
            throw new ConfigException("table " + table + ": transformers: cannot create " + className + ": " + e, e);
        }
    }
}
