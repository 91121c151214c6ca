package dev.lakeload.core;

/**
 * Root of the few unchecked exceptions lakeload throws at its public surface.
 *
 * <p>Subclasses say what kind of problem it is: {@link ConfigException} (fix the manifest or the code that built
 * the configuration), {@link DataException} (fix or route the input data), {@link RetriableException} (a transient
 * failure; running again may succeed). Messages always name the file, line, column or manifest key involved.
 */
public abstract class LakeloadException extends RuntimeException {
    protected LakeloadException(String message) {
        super(message);
    }

    protected LakeloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
