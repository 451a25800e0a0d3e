package io.upgradeclient.download.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.Authenticator;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.Credentials;
import io.upgradeclient.api.DownloadedFile;
import io.upgradeclient.api.Downloader;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.PluginKind;
import io.upgradeclient.api.RemoteChange;
import io.upgradeclient.api.TransferProgress;
import io.upgradeclient.api.TransientException;

/**
 * A {@link Downloader} of type {@code http}, for {@code http:} and {@code https:} URLs. Checks the status (an
 * error page is never cached as firmware), the length and the size limit; resumes a broken transfer with
 * {@code Range} / {@code If-Range}; verifies a checksum published beside the file. Redirects are followed by
 * hand, at most {@value #MAX_REDIRECTS}, never from https to http, and the credentials go only to the file's own
 * host.
 *
 * <p>The transport is {@link HttpURLConnection}, not the JDK's {@code java.net.http.HttpClient}: its body stream
 * reads the socket straight into the caller's buffer, where the HttpClient hands the body over in 16 KiB pieces
 * through a reactive pipeline, which caps a download at a fraction of what loopback or a fast LAN delivers.
 */
@Component(name = HttpDownloader.NAME, service = Downloader.class, configurationPid = DownloadSettings.PID,
        property = PluginKind.TYPE_PROPERTY + "=http")
@Designate(ocd = DownloadSettings.Config.class)
public final class HttpDownloader extends ConfiguredDownloader {
    static final String NAME = "io.upgradeclient.download.http";
    static final int MAX_REDIRECTS = 5;

    private static final Logger LOG = LoggerFactory.getLogger(HttpDownloader.class);
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(?:(\\d+)-(\\d+)|\\*)/(\\d+|\\*)");

    /**
     * Answers every authentication challenge with nothing: a default {@link Authenticator} another bundle may have
     * installed must not hand its credentials to the servers this downloader talks to.
     */
    private static final Authenticator NO_AUTHENTICATOR = new Authenticator() {
    };

    /** One file's transfer settings. */
    private record Source(DownloadSettings settings, URI url, String authorization) {
    }

    /**
     * A reply's status and headers. The body of a 2xx reply is still to be read from the connection (closing it
     * lets the connection be kept alive); for any other status the connection is already closed.
     */
    private record Reply(HttpURLConnection connection, int status, HttpHeaders headers) {
        InputStream body() throws IOException {
            return connection.getInputStream();
        }
    }

    private final ScheduledExecutorService timer;

    /**
     * @param config the bundle-wide limits and timeouts
     */
    @Activate
    public HttpDownloader(DownloadSettings.Config config) {
        super(config);
        this.timer = StallGuard.timer("upgradeclient-download-http-timer");
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }

    @Override
    DownloadedFile fetch(CheckDefinition check, RemoteChange change, Path cacheDir, TransferProgress progress)
            throws TransientException, PermanentException {
        URI url = change.url();
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!("http".equals(scheme) || "https".equals(scheme)) || url.getHost() == null) {
            throw new PermanentException(url + ": the http downloader fetches http:// and https:// URLs only");
        }
        DownloadSettings settings = settings(check);
        CacheWriter cache = new CacheWriter(cacheDir, change);
        Optional<DownloadedFile> cached = cache.cached();
        if (cached.isPresent()) {
            LOG.debug("{} is cached as {}", url, cached.get().file());
            return cached.get();
        }
        if (change.size() > settings.maxSize()) {
            throw cache.tooLarge(settings.maxSize());
        }
        Source source = new Source(settings, url, authorization(check.credentials()));
        Optional<PublishedChecksums.Checksum> published = settings.verifyChecksums()
                ? PublishedChecksums.find(change.fileName(), companion -> companion(source, companion))
                : Optional.empty();
        return transfer(source, change, cache, published, progress);
    }

    private DownloadedFile transfer(Source source, RemoteChange change, CacheWriter cache,
            Optional<PublishedChecksums.Checksum> published, TransferProgress progress) throws TransientException, PermanentException {
        URI url = source.url();
        long maxSize = source.settings().maxSize();
        String extra = published.map(PublishedChecksums.Checksum::algorithm).orElse(null);
        for (int attempt = 1; attempt <= 2; attempt++) {
            long have = cache.partLength();
            Map<String, String> headers = new LinkedHashMap<>();
            if (have > 0) {
                headers.put("Range", "bytes=" + have + "-");
                cache.partValidator().ifPresent(validator -> headers.put("If-Range", validator));
            }
            Reply reply = send(source, url, headers);
            int status = reply.status();
            Optional<long[]> range = contentRange(reply.headers());
            if (status == 416 && have > 0) {
                if (range.isPresent() && range.get()[2] == have) {
                    LOG.debug("{}: the partial file is already complete ({} bytes)", url, have);
                    return cache.commit(cache.receive(InputStream.nullInputStream(), true, maxSize, extra, have, progress), published);
                }
                cache.discard();
                continue;
            }
            if (status != 200 && status != 206) {
                throw failure(url, status, reply.headers());
            }
            try (InputStream body = reply.body()) {
                boolean append = status == 206;
                long expected;
                if (append) {
                    if (range.isEmpty() || range.get()[0] != have) {
                        LOG.info("{}: asked to resume at byte {}, got Content-Range {}; starting again", url, have,
                                reply.headers().firstValue("Content-Range").orElse("none"));
                        cache.discard();
                        continue;
                    }
                    expected = range.get()[2];
                    LOG.info("{}: resuming at byte {}", url, have);
                } else {
                    expected = reply.headers().firstValueAsLong("Content-Length").orElse(-1);
                    cache.recordPartValidator(validator(reply.headers()));
                }
                if (expected > maxSize) {
                    cache.discard();
                    throw cache.tooLarge(maxSize);
                }
                CacheWriter.Received received = receive(source, cache, reply.connection(), body, append, extra, expected, progress);
                if (expected >= 0 && received.size() != expected) {
                    throw new TransientException(url + ": got " + received.size() + " of " + expected
                            + " bytes; the rest is fetched on the next attempt", null);
                }
                if (change.size() >= 0 && change.size() != received.size()) {
                    LOG.warn("{}: listed with {} bytes, downloaded {} bytes", url, change.size(), received.size());
                }
                return cache.commit(received, published);
            } catch (IOException e) {
                throw new TransientException(url + ": " + e, e);
            }
        }
        throw new TransientException(url + ": the server did not resume the partial download; starting again next time", null);
    }

    /**
     * Streams the body into the cache. The socket's read timeout ends a silent transfer; the guard also ends one
     * whose thread is interrupted, by closing the connection, which wakes the blocked read.
     */
    private CacheWriter.Received receive(Source source, CacheWriter cache, HttpURLConnection connection, InputStream body,
            boolean append, String extra, long total, TransferProgress progress) throws TransientException, PermanentException {
        Duration timeout = source.settings().readTimeout();
        StallGuard guard = new StallGuard(timer, timeout, connection::disconnect);
        try {
            return cache.receive(guard.watch(body), append, source.settings().maxSize(), extra, total, progress);
        } catch (TransientException e) {
            guard.close();
            if (guard.stalled() || e.getCause() instanceof SocketTimeoutException) {
                throw new TransientException(source.url() + ": no data for " + timeout.toSeconds()
                        + " s (read_timeout_seconds); the rest is fetched on the next attempt", e);
            }
            throw e;
        } finally {
            guard.close();
        }
    }

    /**
     * @return the companion file's text, or empty when the server does not publish it (404, 410, 403, or an HTML
     *         page answering every URL)
     */
    private Optional<PublishedChecksums.Text> companion(Source source, PublishedChecksums.Companion companion)
            throws TransientException, PermanentException {
        URI file = source.url();
        String folder = file.getScheme() + "://" + file.getRawAuthority() + file.getRawPath();
        URI url = switch (companion) {
            case SHA256_FILE -> URI.create(folder + ".sha256");
            case MD5_FILE -> URI.create(folder + ".md5");
            case SHA256SUMS -> URI.create(folder).resolve("SHA256SUMS");
        };
        Reply reply = send(source, url, Map.of());
        int status = reply.status();
        if (status == 404 || status == 410 || status == 403) {
            return Optional.empty();
        }
        if (status != 200) {
            reply.connection().disconnect();
            throw failure(url, status, reply.headers());
        }
        try (InputStream body = reply.body()) {
            if (reply.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT).startsWith("text/html")) {
                LOG.debug("{}: an HTML page, not a checksum file; taken as not published", url);
                return Optional.empty();
            }
            byte[] bytes = body.readNBytes(PublishedChecksums.MAX_COMPANION_BYTES + 1);
            if (bytes.length > PublishedChecksums.MAX_COMPANION_BYTES) {
                throw new PermanentException(url + ": expected a checksum file, got more than "
                        + PublishedChecksums.MAX_COMPANION_BYTES + " bytes");
            }
            return Optional.of(new PublishedChecksums.Text(url.toString(), new String(bytes, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new TransientException(url + ": " + e, e);
        }
    }

    /** Sends a GET, following redirects by hand. */
    private static Reply send(Source source, URI url, Map<String, String> headers)
            throws TransientException, PermanentException {
        URI current = url;
        for (int hop = 0;; hop++) {
            HttpURLConnection connection = open(source, current);
            headers.forEach(connection::setRequestProperty);
            if (source.authorization() != null && sameOrigin(source.url(), current)) {
                connection.setRequestProperty("Authorization", source.authorization());
            }
            int status;
            try {
                status = status(source, current, connection);
            } catch (TransientException e) {
                connection.disconnect();
                throw e;
            }
            HttpHeaders replyHeaders = headers(connection);
            if (status / 100 != 2) {
                connection.disconnect();
            }
            if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
                return new Reply(connection, status, replyHeaders);
            }
            Optional<String> location = replyHeaders.firstValue("Location");
            URI from = current;
            URI target = location.map(value -> resolve(from, value)).orElse(null);
            if (target == null || target.getHost() == null || !("https".equalsIgnoreCase(target.getScheme())
                    || "http".equalsIgnoreCase(target.getScheme()) && !"https".equalsIgnoreCase(current.getScheme()))) {
                throw new PermanentException(current + ": HTTP " + status + " redirects to '" + location.orElse("")
                        + "', which is no http(s) URL (or leaves https)");
            }
            if (hop == MAX_REDIRECTS) {
                throw new PermanentException(url + ": more than " + MAX_REDIRECTS + " redirects");
            }
            current = target;
        }
    }

    /** Connects, sends the request and reads the reply's status line and headers. */
    private static int status(Source source, URI url, HttpURLConnection connection) throws TransientException {
        try {
            try {
                connection.connect();
            } catch (SocketTimeoutException e) {
                throw new TransientException(url + ": connect timed out (connect_timeout_seconds)", e);
            }
            try {
                return connection.getResponseCode();
            } catch (SocketTimeoutException e) {
                throw new TransientException(url + ": no reply within " + source.settings().readTimeout().toSeconds()
                        + " s (read_timeout_seconds)", e);
            }
        } catch (ConnectException e) {
            throw new TransientException(url + ": cannot connect: " + e, e);
        } catch (IOException e) {
            throw new TransientException(url + ": " + e, e);
        }
    }

    /**
     * @return a GET of {@code url} that follows no redirect, uses no cache, answers no authentication challenge by
     *         itself and goes through the check's proxy or none (never a system-wide one)
     */
    private static HttpURLConnection open(Source source, URI url) throws TransientException, PermanentException {
        Proxy proxy = source.settings().proxy().map(address -> new Proxy(Proxy.Type.HTTP, address)).orElse(Proxy.NO_PROXY);
        HttpURLConnection connection;
        try {
            connection = (HttpURLConnection) url.toURL().openConnection(proxy);
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new PermanentException(url + ": not a valid URL: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new TransientException(url + ": " + e, e);
        }
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        connection.setAuthenticator(NO_AUTHENTICATOR);
        connection.setConnectTimeout(millis(source.settings().connectTimeout()));
        connection.setReadTimeout(millis(source.settings().readTimeout()));
        connection.setRequestProperty("User-Agent", "upgradeclient");
        connection.setRequestProperty("Accept", "*/*");
        return connection;
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }

    private static HttpHeaders headers(HttpURLConnection connection) {
        Map<String, List<String>> fields = new HashMap<>(connection.getHeaderFields());
        fields.remove(null);
        return HttpHeaders.of(fields, (name, value) -> true);
    }

    private static URI resolve(URI base, String location) {
        try {
            return base.resolve(location.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static PermanentException permanent(URI url, int status, String what) {
        return new PermanentException(url + ": HTTP " + status + what);
    }

    private static TransientException failure(URI url, int status, HttpHeaders headers) throws PermanentException {
        switch (status) {
            case 404, 410 -> throw permanent(url, status, ": no such file");
            case 401, 403 -> throw permanent(url, status, ": access refused (check auth_user / auth_pass)");
            case 429, 503 -> {
                Duration retryAfter = TransientException.parseRetryAfter(headers.firstValue("Retry-After").orElse(null),
                        Instant.now()).orElse(null);
                return new TransientException(url + ": HTTP " + status
                        + (retryAfter == null ? "" : ", retry after " + retryAfter.toSeconds() + " s"), null, retryAfter);
            }
            case 408 -> {
                return new TransientException(url + ": HTTP 408 request timeout", null);
            }
            default -> {
                if (status >= 500) {
                    return new TransientException(url + ": HTTP " + status, null);
                }
                throw permanent(url, status, ": expected 200 or 206");
            }
        }
    }

    /** @return {first, last, total} of a {@code Content-Range}; -1 for {@code *} */
    private static Optional<long[]> contentRange(HttpHeaders headers) {
        Optional<String> value = headers.firstValue("Content-Range");
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Matcher matcher = CONTENT_RANGE.matcher(value.get().strip());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            long first = matcher.group(1) == null ? -1 : Long.parseLong(matcher.group(1));
            long last = matcher.group(2) == null ? -1 : Long.parseLong(matcher.group(2));
            long total = "*".equals(matcher.group(3)) ? -1 : Long.parseLong(matcher.group(3));
            return Optional.of(new long[] {first, last, total});
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** {@code If-Range} needs a strong ETag; a weak one is useless, Last-Modified is the fallback. */
    private static Optional<String> validator(HttpHeaders headers) {
        Optional<String> etag = headers.firstValue("ETag").filter(value -> !value.startsWith("W/"));
        return etag.isPresent() ? etag : headers.firstValue("Last-Modified");
    }

    private static String authorization(Credentials credentials) {
        if (!credentials.isPresent()) {
            return null;
        }
        String pair = credentials.user() + ":" + credentials.password();
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
}
