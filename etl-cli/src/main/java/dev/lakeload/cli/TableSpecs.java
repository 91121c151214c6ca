package dev.lakeload.cli;

import dev.lakeload.cli.manifest.TableConfig;
import dev.lakeload.core.ConfigException;
import dev.lakeload.core.config.SchemaEvolution;
import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.source.GlobFilter;
import dev.lakeload.core.transform.RowTransformer;
import dev.lakeload.core.transform.RowTransformerFactory;
import dev.lakeload.json.FlattenOptions;
import dev.lakeload.json.JsonFlattener;
import java.lang.reflect.Constructor;
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
                    throw ConfigException.forKey("schemaEvolution", "table " + config.name() + ": "
                            + e.getMessage());
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
                FlattenOptions options = config.flatten().toOptions();
                builder.transformer(() -> new JsonFlattener(options));
            }
            for (String className : config.transformers()) {
                builder.transformer(factory(config.name(), className));
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException("table " + config.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * A factory calling the class's no-argument constructor for each load; one instance is made at once, so that
     * a class that cannot start fails {@code validate}, not the run.
     */
    private static RowTransformerFactory factory(String table, String className) {
        Constructor<? extends RowTransformer> constructor = constructor(table, className);
        instantiate(table, constructor);
        return () -> instantiate(table, constructor);
    }

    private static Constructor<? extends RowTransformer> constructor(String table, String className) {
        try {
            Class<?> type = Class.forName(className);
            if (!RowTransformer.class.isAssignableFrom(type)) {
                throw new ConfigException("table " + table + ": transformers: " + className
                        + " does not implement dev.lakeload.core.transform.RowTransformer");
            }
            return type.asSubclass(RowTransformer.class).getConstructor();
        } catch (ClassNotFoundException e) {
            throw new ConfigException("table " + table + ": transformers: class " + className + " is not on the "
                    + "class path (put its jar in lakeload's class path, see the README)", e);
        } catch (NoSuchMethodException e) {
            throw new ConfigException("table " + table + ": transformers: " + className
                    + " needs a public constructor without arguments", e);
        }
    }

    private static RowTransformer instantiate(String table, Constructor<? extends RowTransformer> constructor) {
        String className = constructor.getDeclaringClass().getName();
        try {
            return constructor.newInstance();
        } catch (InvocationTargetException e) {
            throw new ConfigException("table " + table + ": transformers: " + className + " failed to start: "
                    + e.getCause(), e);
        } catch (ReflectiveOperationException e) {
            throw new ConfigException("table " + table + ": transformers: cannot create " + className + ": " + e, e);
        }
    }
}
