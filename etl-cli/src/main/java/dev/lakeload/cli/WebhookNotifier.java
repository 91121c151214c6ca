package dev.lakeload.cli;

import dev.lakeload.core.ConfigException;
import dev.lakeload.core.UnreachableException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Posts a JSON body to a webhook ({@code run --notify URL}), bounded in time: connecting and the whole exchange
 * each take at most the timeout. A webhook URL is a secret (Slack's carries its token in the path), so messages
 * name it only as {@link #redacted()}. Thread-safe; holds no resources between posts.
 */
final class WebhookNotifier {
    private final URI url;
    private final Duration timeout;

    /**
     * @param url an {@code http} or {@code https} URL, as given on the command line
     * @param timeout the bound on connecting, and again on the whole request
     * @throws ConfigException naming {@code --notify} when the URL is not an absolute http(s) URL
     */
    WebhookNotifier(String url, Duration timeout) {
        this.url = parse(url);
        this.timeout = timeout;
    }

    private static URI parse(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // said below, without echoing the secret
        }
        throw new ConfigException("--notify needs an http:// or https:// URL with a host (got one starting with '"
                + url.substring(0, Math.min(url.length(), 8)) + "')");
    }

    /** The URL with everything that may be secret (user info, path, query) left out: {@code https://host/…}. */
    String redacted() {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort()) + "/…";
    }

    /**
     * Posts {@code json} and returns the HTTP status.
     *
     * @throws UnreachableException naming the redacted URL when the hook refuses the connection, does not answer
     *     within the timeout, or answers with a status other than 2xx
     */
    int post(String json) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
        CompletableFuture<HttpResponse<Void>> exchange = client.sendAsync(request,
                HttpResponse.BodyHandlers.discarding());
        int status;
        try {
            // The request timeout ends at the response headers; this bounds a body that never ends, too.
            status = exchange.get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS).statusCode();
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw failed(noAnswer(), e);
        } catch (ExecutionException e) {
            throw failed(describe(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed("interrupted", e);
        }
        if (status / 100 != 2) {
            throw failed("it answered HTTP " + status, null);
        }
        return status;
    }

    private String describe(Throwable cause) {
        if (cause instanceof java.net.http.HttpTimeoutException) {
            return noAnswer();
        }
        if (cause instanceof java.net.ConnectException) {
            return "connection refused or not possible";
        }
        String message = cause instanceof IOException && cause.getMessage() != null ? cause.getMessage()
                : cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        return message.replace(url.toString(), redacted());
    }

    private String noAnswer() {
        return "no answer within " + timeout.toSeconds() + " s (a slow hook needs a longer --notify-timeout)";
    }

    private UnreachableException failed(String why, Throwable cause) {
        return new UnreachableException("the notification to " + redacted() + " failed: " + why, cause);
    }
}
