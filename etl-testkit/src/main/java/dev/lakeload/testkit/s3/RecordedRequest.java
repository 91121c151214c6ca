package dev.lakeload.testkit.s3;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A request that reached {@link FaultInjectingProxy}, whether forwarded or answered with a fault.
 *
 * @param method the HTTP method
 * @param target the request target: path and query, URL-encoded as sent
 * @param headers the request headers, names in lower case (the last value wins for repeated headers)
 */
public record RecordedRequest(String method, String target, Map<String, String> headers) {
    public RecordedRequest {
        headers = Map.copyOf(headers);
    }

    /** A header's value, by case-insensitive name. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The path without the query. */
    public String path() {
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }
}
