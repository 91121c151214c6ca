package dev.lakeload.core;

/** Invalid configuration: a manifest key, a table definition, or a connection setting that cannot work. */
public class ConfigException extends LakeloadException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
