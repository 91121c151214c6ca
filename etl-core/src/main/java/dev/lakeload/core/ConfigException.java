package dev.lakeload.core;

import java.util.Optional;

/**
 * Invalid configuration: a manifest key, a table definition, or a connection setting that cannot work. A check
 * about one key says which ({@link #key()}), so that a manifest reader can name that key's line, not the table's.
 */
public class ConfigException extends LakeloadException {
    private final String key;

    public ConfigException(String message) {
        super(message);
        this.key = null;
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
        this.key = null;
    }

    private ConfigException(String key, String message) {
        super(message);
        this.key = key;
    }

    /**
     * A problem with the value of one key.
     *
     * @param key the key as the manifest writes it, relative to the section it is checked in: within a table's
     *     entry for a table's checks ({@code maxRejects}, {@code cdc.opColumn})
     */
    public static ConfigException forKey(String key, String message) {
        return new ConfigException(key, message);
    }

    /** The key this is about ({@link #forKey}), or empty when it is about the section as a whole. */
    public Optional<String> key() {
        return Optional.ofNullable(key);
    }
}
