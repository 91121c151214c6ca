package dev.lakeload.core;

/**
 * A wait that lakeload bounds ran out: a lock another session held past the load's lock timeout. Nothing was
 * committed for the table; running again may succeed. A kind of {@link RetriableException} that the pipeline does
 * not retry within the run: every retry would queue the table's other users behind its lock request again.
 */
public class WaitTimeoutException extends RetriableException {
    public WaitTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
