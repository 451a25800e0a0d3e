package io.upgradeclient.check.http.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.TransientException;

/**
 * Fetches folder listings of one check: conditional requests, redirects followed by hand (at most
 * {@value #MAX_REDIRECTS}, never out of {@code base_url}, so the preemptive {@code Authorization} header never
 * reaches another host), and HTTP failures mapped to transient or permanent ones. Thread-safe.
 */
final class ListingClient {
    static final int MAX_REDIRECTS = 5;
    static final int MAX_LISTING_BYTES = 32 << 20;

    private static final String ACCEPT = "text/html, application/json;q=0.9, */*;q=0.5";

    /** What a folder request gave. */
    sealed interface Reply permits NotModified, Listing, Skipped {
    }

    /** The folder is unchanged since the validators sent. */
    record NotModified() implements Reply {
    }

    /**
     * @param url the URL the listing came from after redirects; links are resolved against it
     * @param contentType the reply's {@code Content-Type}, or empty
     * @param body the page
     * @param etag the reply's {@code ETag}, or empty
     * @param lastModified the reply's {@code Last-Modified}, or empty
     */
    record Listing(URI url, String contentType, byte[] body, String etag, String lastModified) implements Reply {
    }

    /**
     * A sub-folder that cannot be listed and is left out (gone, forbidden, redirected elsewhere).
     *
     * @param reason why, for the log
     */
    record Skipped(String reason) implements Reply {
    }

    private final HttpClient http;
    private final URI base;
    private final String authorization;
    private final Duration readTimeout;

    /**
     * @param http a client that does not follow redirects
     * @param base the check's base URL (a folder URL)
     * @param authorization the {@code Authorization} header value, or {@code null}
     * @param readTimeout the time one reply may take, headers and body
     */
    ListingClient(HttpClient http, URI base, String authorization, Duration readTimeout) {
        this.http = http;
        this.base = base;
        this.authorization = authorization;
        this.readTimeout = readTimeout;
    }

    /**
     * @param folder the folder to list, below or at the base URL
     * @param stored what was seen of it last time, for a conditional request, or {@code null}
     * @return the listing, {@link NotModified} or, for a sub-folder only, {@link Skipped}
     * @throws TransientException on network failures, timeouts, 5xx and 429
     * @throws PermanentException on bad credentials, and on any other failure of the base URL
     * @throws InterruptedException when the calling thread is interrupted
     */
    Reply fetch(URI folder, ListingState.Folder stored) throws TransientException, PermanentException, InterruptedException {
        boolean isBase = folder.equals(base);
        URI current = folder;
        for (int hop = 0;; hop++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(current).GET().timeout(readTimeout)
                    .header("Accept", ACCEPT).header("User-Agent", "upgradeclient");
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            if (stored != null && !stored.etag().isEmpty()) {
                request.header("If-None-Match", stored.etag());
            }
            if (stored != null && !stored.lastModified().isEmpty()) {
                request.header("If-Modified-Since", stored.lastModified());
            }
            HttpResponse<byte[]> response = exchange(current, request.build());
            int status = response.statusCode();
            HttpHeaders headers = response.headers();
            if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
                Optional<URI> target = headers.firstValue("Location").flatMap(location -> resolve(response.uri(), location));
                if (target.isEmpty() || !Links.isBelow(base, target.get()) || !target.get().getRawPath().endsWith("/")) {
                    return refuse(isBase, current + ": HTTP " + status + " redirects to "
                            + headers.firstValue("Location").orElse("nowhere") + ", which is no folder below base_url " + base);
                }
                if (hop == MAX_REDIRECTS) {
                    return refuse(isBase, folder + ": more than " + MAX_REDIRECTS + " redirects");
                }
                current = target.get();
                continue;
            }
            if (status == 304) {
                if (stored == null || !stored.hasValidators()) {
                    return refuse(isBase, current + ": HTTP 304 to a request that was not conditional");
                }
                return new NotModified();
            }
            if (status >= 200 && status < 300) {
                return new Listing(current, headers.firstValue("Content-Type").orElse(""), response.body(),
                        headers.firstValue("ETag").orElse(""), headers.firstValue("Last-Modified").orElse(""));
            }
            return failure(current, status, headers, isBase);
        }
    }

    private static Optional<URI> resolve(URI from, String location) {
        try {
            return Optional.of(from.resolve(Links.encodeIllegal(location)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Reply refuse(boolean isBase, String message) throws PermanentException {
        if (isBase) {
            throw new PermanentException(message);
        }
        return new Skipped(message);
    }

    private static Reply failure(URI url, int status, HttpHeaders headers, boolean isBase) throws TransientException, PermanentException {
        String what = url + ": HTTP " + status;
        if (status == 429 || status == 503) {
            Duration retryAfter = TransientException.parseRetryAfter(headers.firstValue("Retry-After").orElse(null),
                    Instant.now()).orElse(null);
            throw new TransientException(what + (retryAfter == null ? "" : ", retry after " + retryAfter.toSeconds() + " s"),
                    null, retryAfter);
        }
        if (status >= 500) {
            throw new TransientException(what, null);
        }
        if (status == 401) {
            throw new PermanentException(what + ": the server refused the credentials (check auth_user / auth_pass)");
        }
        return refuse(isBase, what + (isBase ? ": expected a directory listing at base_url" : ""));
    }

    /**
     * Sends one request and waits at most the read timeout for the whole reply: the JDK client's own request
     * timeout covers the headers only, and a listing body that trickles must not hold a check forever.
     */
    private HttpResponse<byte[]> exchange(URI url, HttpRequest request) throws TransientException, PermanentException, InterruptedException {
        CompletableFuture<HttpResponse<byte[]>> future = http.sendAsync(request, info -> info.statusCode() >= 200
                && info.statusCode() < 300 ? new CappedBody(MAX_LISTING_BYTES) : BodySubscribers.replacing(new byte[0]));
        try {
            return future.get(readTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new TransientException(url + ": no complete reply within " + readTimeout.toSeconds()
                    + " s (read_timeout_seconds)", e);
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw failure(url, e.getCause());
        }
    }

    private TransientException failure(URI url, Throwable cause) throws PermanentException {
        if (cause instanceof CappedBody.TooLarge) {
            throw new PermanentException(url + ": malformed listing: " + cause.getMessage(), cause);
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return new TransientException(url + ": connect timed out (connect_timeout_seconds)", cause);
        }
        if (cause instanceof HttpTimeoutException) {
            return new TransientException(url + ": no reply within " + readTimeout.toSeconds() + " s (read_timeout_seconds)", cause);
        }
        if (cause instanceof ConnectException) {
            return new TransientException(url + ": cannot connect: " + cause, cause);
        }
        if (cause instanceof IOException) {
            return new TransientException(url + ": " + cause, cause);
        }
        return new TransientException(url + ": request failed: " + cause, cause);
    }
}
