package io.upgradeclient.example.httpput.internal;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.upgradeclient.api.Artifact;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.PluginKind;
import io.upgradeclient.api.SafePaths;
import io.upgradeclient.api.TransientException;
import io.upgradeclient.api.UploadReceipt;
import io.upgradeclient.api.UploadTarget;
import io.upgradeclient.api.Uploader;

/**
 * An {@link Uploader} of type {@code httpput}: publishes each file of an artifact with one HTTP {@code PUT} to
 * the target's base URL plus the file's path relative to the artifact's root, each segment percent-encoded.
 * File contents are streamed from the staging area. PUT replaces what is at the URL, so a repeated upload leaves
 * the target as after one, as the {@link Uploader} contract asks.
 *
 * <p>Settings of the {@code upload.json} section: {@code url} (required, {@code http:} or {@code https:}),
 * {@code username} and {@code password} (optional, sent as HTTP Basic authentication) and
 * {@code timeout_seconds} (optional, default {@value #DEFAULT_TIMEOUT_SECONDS}: how long one file's PUT may take
 * until the reply).
 */
@Component(name = HttpPutUploader.PID, property = PluginKind.TYPE_PROPERTY + "=" + HttpPutUploader.TYPE)
public final class HttpPutUploader implements Uploader {
    /** The component name. */
    public static final String PID = "io.upgradeclient.example.httpput";
    /** The {@code relation_type} this uploader serves. */
    public static final String TYPE = "httpput";

    static final long DEFAULT_TIMEOUT_SECONDS = 600;

    private static final Logger LOG = LoggerFactory.getLogger(HttpPutUploader.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final String UNRESERVED = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~";

    /** The settings of one target, checked once per upload. */
    private record Settings(URI base, String authorization, Duration timeout) {
    }

    private final HttpClient client;

    /** Creates the uploader with its one HTTP client, shared by every target and thread. */
    @Activate
    public HttpPutUploader() {
        // Redirects are not followed: a PUT body and the credentials must not travel to a server nobody configured.
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(CONNECT_TIMEOUT).build();
    }

    @Override
    public UploadReceipt upload(Artifact artifact, UploadTarget target) throws TransientException, PermanentException {
        String name = target.ref().name();
        Settings settings = settings(name, target.settings());
        long bytes = 0;
        for (Path file : artifact.files()) {
            URI url = settings.base().resolve(encodedPath(name, file));
            bytes += put(name, artifact.root().resolve(file), url, settings);
        }
        LOG.debug("Upload '{}': {} file(s), {} bytes PUT below {}", name, artifact.files().size(), bytes, settings.base());
        return new UploadReceipt(bytes, "PUT " + artifact.files().size() + " file(s) below " + settings.base());
    }

    private long put(String name, Path source, URI url, Settings settings) throws TransientException, PermanentException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(settings.timeout());
        if (settings.authorization() != null) {
            request.header("Authorization", settings.authorization());
        }
        long size;
        try {
            size = Files.size(source);
            request.PUT(HttpRequest.BodyPublishers.ofFile(source));
        } catch (FileNotFoundException | NoSuchFileException e) {
            throw new PermanentException("upload '" + name + "': artifact file " + source + " is missing from the staging area", e);
        } catch (IOException e) {
            throw new TransientException("upload '" + name + "': cannot read artifact file " + source + ": " + e, e);
        }
        HttpResponse<Void> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientException("upload '" + name + "': PUT " + url + " interrupted", e);
        } catch (IOException e) {
            throw new TransientException("upload '" + name + "': PUT " + url + " failed: " + e, e);
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return size;
        }
        throw failure(name, url, status, response.headers());
    }

    private static TransientException failure(String name, URI url, int status, HttpHeaders headers) throws PermanentException {
        String what = "upload '" + name + "': PUT " + url + ": HTTP " + status;
        if (status == 429 || status == 503) {
            Duration retryAfter = TransientException.parseRetryAfter(headers.firstValue("Retry-After").orElse(null),
                    Instant.now()).orElse(null);
            return new TransientException(what + (retryAfter == null ? "" : ", retry after " + retryAfter.toSeconds() + " s"), null, retryAfter);
        }
        if (status == 408 || status >= 500) {
            return new TransientException(what, null);
        }
        if (status == 401 || status == 403) {
            throw new PermanentException(what + ": access refused (check username / password)");
        }
        throw new PermanentException(what + ": expected a 2xx reply");
    }

    private static Settings settings(String name, Map<String, String> settings) throws PermanentException {
        String text = settings.getOrDefault("url", "").strip();
        if (text.isEmpty()) {
            throw new PermanentException("upload '" + name + "': setting 'url' is missing: expected the base URL files are PUT under");
        }
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            // the text may hold user info with a password: name the position, not the text
            throw new PermanentException("upload '" + name + "': setting 'url' is not a URL (" + e.getReason() + " at index " + e.getIndex() + ")");
        }
        if (url.getRawUserInfo() != null) {
            throw new PermanentException("upload '" + name + "': setting 'url' must not contain user info: use 'username' and 'password'");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new PermanentException("upload '" + name + "': setting 'url' is " + url + ": expected an http: or https: URL with a host");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new PermanentException("upload '" + name + "': setting 'url' is " + url + ": expected no query or fragment");
        }
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        // Resolving a file against ".../fw" would replace "fw"; the base is always a folder.
        URI base = URI.create(scheme + "://" + url.getRawAuthority() + (path.endsWith("/") ? path : path + "/"));
        return new Settings(base, authorization(name, settings), timeout(name, settings));
    }

    private static String authorization(String name, Map<String, String> settings) throws PermanentException {
        String username = settings.getOrDefault("username", "");
        if (username.isEmpty()) {
            return null;
        }
        if (username.indexOf(':') >= 0 || username.chars().anyMatch(Character::isISOControl)) {
            throw new PermanentException("upload '" + name + "': setting 'username' must not contain ':' or control characters");
        }
        String password = settings.getOrDefault("password", "");
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static Duration timeout(String name, Map<String, String> settings) throws PermanentException {
        String text = settings.getOrDefault("timeout_seconds", Long.toString(DEFAULT_TIMEOUT_SECONDS)).strip();
        try {
            long seconds = Long.parseLong(text);
            if (seconds > 0) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // reported below, like a value that is not positive
        }
        throw new PermanentException("upload '" + name + "': setting 'timeout_seconds' is '" + text + "': expected a positive number of seconds");
    }

    /**
     * The file's path as a relative URL. The artifact already refuses paths that climb out of its root, but file
     * names come from remote sources, so every segment is checked again and encoded rather than trusted.
     */
    static String encodedPath(String name, Path file) throws PermanentException {
        if (file.isAbsolute()) {
            throw new PermanentException("upload '" + name + "': artifact file " + file + ": expected a relative path");
        }
        StringBuilder path = new StringBuilder();
        for (Path segment : file) {
            if (!path.isEmpty()) {
                path.append('/');
            }
            path.append(percentEncoded(SafePaths.segment(segment.toString())));
        }
        return path.toString();
    }

    private static String percentEncoded(String segment) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            if (UNRESERVED.indexOf(b) >= 0) {
                encoded.append((char) b);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            }
        }
        return encoded.toString();
    }
}
