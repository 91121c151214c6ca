package dev.lakeload.core;

/**
 * The database or the source could not be reached at all: the connection was refused or timed out, the host is
 * unknown, the server is not accepting connections. Nothing was loaded; running again when it is reachable is safe.
 * A kind of {@link RetriableException}, told apart so that an operator looks at the network or the server rather
 * than waiting for a passing fault to clear.
 */
public class UnreachableException extends RetriableException {
    public UnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
