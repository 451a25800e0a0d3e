package io.upgradeclient.download.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.DownloadedFile;
import io.upgradeclient.api.Downloader;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.PluginKind;
import io.upgradeclient.api.RemoteChange;
import io.upgradeclient.api.TransferProgress;
import io.upgradeclient.api.TransientException;

/**
 * A {@link Downloader} of type {@code svn}: streams {@code svn cat <url>@<revision>} (svn://, http(s):// and
 * file:// repositories) into the cache through the shared {@link CacheWriter}. The password goes to svn on its
 * standard input ({@code --password-from-stdin}), never in its arguments; {@code --no-auth-cache} and a private,
 * throw-away {@code --config-dir} keep svn from storing it or reading the user's settings.
 */
@Component(name = SvnDownloader.NAME, service = Downloader.class, configurationPid = DownloadSettings.PID,
        property = PluginKind.TYPE_PROPERTY + "=svn")
public final class SvnDownloader extends ConfiguredDownloader {
    static final String NAME = "io.upgradeclient.download.svn";

    private static final Pattern REVISION = Pattern.compile("\\d{1,10}");
    private static final Pattern AUTH_FAILED = Pattern.compile("E170001|E215004|E170013.*[Aa]uthoriz");
    private static final Pattern NOT_FOUND = Pattern.compile("E160013|W160013|E200009|E160006|E195012|E180001|E160005");
    private static final int MAX_STDERR = 4096;

    /** How {@code svn cat} failed. */
    private enum Failure { NOT_FOUND, AUTH, OTHER }

    /** Reads svn's standard output. */
    @FunctionalInterface
    private interface Consumer<T> {
        T accept(InputStream out) throws TransientException, PermanentException;
    }

    /** What one {@code svn cat} gave: the consumer's result, or how it failed. */
    private record Outcome<T>(T result, Failure failure, String message) {
    }

    private final ScheduledExecutorService timer;

    /**
     * @param config the bundle-wide limits and timeouts
     */
    @Activate
    public SvnDownloader(DownloadSettings.Config config) {
        super(config);
        this.timer = StallGuard.timer("upgradeclient-download-svn-timer");
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }

    @Override
    DownloadedFile fetch(CheckDefinition check, RemoteChange change, Path cacheDir, TransferProgress progress)
            throws TransientException, PermanentException {
        URI url = svnForm(change.url());
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!List.of("svn", "http", "https", "file").contains(scheme)) {
            throw new PermanentException(url + ": the svn downloader fetches svn://, http(s):// and file:// URLs only");
        }
        String revision = change.revision().isEmpty() ? "HEAD" : change.revision();
        if (!"HEAD".equals(revision) && !REVISION.matcher(revision).matches()) {
            throw new PermanentException(url + ": revision: expected a Subversion revision number, was '" + revision + "'");
        }
        DownloadSettings settings = settings(check);
        CacheWriter cache = new CacheWriter(cacheDir, change);
        Optional<DownloadedFile> cached = cache.cached();
        if (cached.isPresent()) {
            return cached.get();
        }
        if (change.size() > settings.maxSize()) {
            throw cache.tooLarge(settings.maxSize());
        }
        Path configDir;
        try {
            configDir = Files.createTempDirectory(cacheDir, ".svn-config-");
        } catch (IOException e) {
            throw new TransientException("cannot create a temporary folder in " + cacheDir + ": " + e, e);
        }
        try {
            Optional<PublishedChecksums.Checksum> published = settings.verifyChecksums()
                    ? PublishedChecksums.find(change.fileName(), companion -> companion(check, settings, configDir, url, revision, companion))
                    : Optional.empty();
            String extra = published.map(PublishedChecksums.Checksum::algorithm).orElse(null);
            Outcome<CacheWriter.Received> outcome = cat(check, settings, configDir, url.toString(), revision,
                    out -> cache.receive(out, false, settings.maxSize(), extra, change.size(), progress));
            if (outcome.failure() == Failure.NOT_FOUND) {
                cache.discard();
                throw new PermanentException(url + "@" + revision + ": no such file in the repository: " + outcome.message());
            }
            if (outcome.failure() == Failure.AUTH) {
                cache.discard();
                throw new PermanentException(url + ": svn refused the credentials (auth_user / auth_pass): " + outcome.message());
            }
            if (outcome.failure() == Failure.OTHER) {
                cache.discard();
                throw new TransientException(url + "@" + revision + ": svn cat failed: " + outcome.message(), null);
            }
            return cache.commit(outcome.result(), published);
        } finally {
            deleteTree(configDir);
        }
    }

    private Optional<PublishedChecksums.Text> companion(CheckDefinition check, DownloadSettings settings, Path configDir, URI file,
            String revision, PublishedChecksums.Companion companion) throws TransientException, PermanentException {
        // Not URI.resolve: it turns file:///repo into file:/repo, which svn does not take.
        String text = svnForm(file).toString();
        URI url = switch (companion) {
            case SHA256_FILE -> URI.create(text + ".sha256");
            case MD5_FILE -> URI.create(text + ".md5");
            case SHA256SUMS -> URI.create(text.substring(0, text.lastIndexOf('/') + 1) + "SHA256SUMS");
        };
        Outcome<byte[]> outcome = cat(check, settings, configDir, url.toString(), revision,
                out -> readCapped(url, out));
        if (outcome.failure() == Failure.NOT_FOUND) {
            return Optional.empty();
        }
        if (outcome.failure() == Failure.AUTH) {
            throw new PermanentException(url + ": svn refused the credentials (auth_user / auth_pass): " + outcome.message());
        }
        if (outcome.failure() == Failure.OTHER) {
            throw new TransientException(url + "@" + revision + ": svn cat failed: " + outcome.message(), null);
        }
        return Optional.of(new PublishedChecksums.Text(url + "@" + revision, new String(outcome.result(), StandardCharsets.UTF_8)));
    }

    private static byte[] readCapped(URI url, InputStream out) throws TransientException, PermanentException {
        try {
            byte[] bytes = out.readNBytes(PublishedChecksums.MAX_COMPANION_BYTES + 1);
            if (bytes.length > PublishedChecksums.MAX_COMPANION_BYTES) {
                throw new PermanentException(url + ": expected a checksum file, got more than "
                        + PublishedChecksums.MAX_COMPANION_BYTES + " bytes");
            }
            out.transferTo(OutputStream.nullOutputStream());
            return bytes;
        } catch (IOException e) {
            throw new TransientException(url + ": " + e, e);
        }
    }

    /**
     * The svn command line. Never holds the password: svn reads it from standard input.
     */
    /**
     * svn reads {@code file:/repo} (what {@code URI.resolve} makes of {@code file:///repo}, e.g. for a release note
     * found beside a firmware) as a working-copy path; it needs the empty authority written out.
     */
    static URI svnForm(URI url) {
        if ("file".equalsIgnoreCase(url.getScheme()) && url.getRawAuthority() == null && url.getRawPath() != null) {
            return URI.create("file://" + url.getRawPath());
        }
        return url;
    }

    static List<String> command(CheckDefinition check, DownloadSettings settings, Path configDir, String url, String revision) {
        List<String> command = new ArrayList<>(List.of("svn", "cat", "--non-interactive", "--no-auth-cache",
                "--config-dir", configDir.toString(),
                "--config-option", "servers:global:http-timeout=" + settings.readTimeout().toSeconds()));
        settings.proxy().ifPresent(proxy -> {
            command.addAll(List.of("--config-option", "servers:global:http-proxy-host=" + proxy.getHostString()));
            command.addAll(List.of("--config-option", "servers:global:http-proxy-port=" + proxy.getPort()));
        });
        if (check.credentials().isPresent()) {
            command.addAll(List.of("--username", check.credentials().user(), "--password-from-stdin"));
        }
        command.add(url + "@" + revision);
        return command;
    }

    private <T> Outcome<T> cat(CheckDefinition check, DownloadSettings settings, Path configDir, String url, String revision,
            Consumer<T> consumer) throws TransientException, PermanentException {
        Path stderr = configDir.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(command(check, settings, configDir, url, revision))
                .redirectError(stderr.toFile());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new PermanentException(url + ": cannot run svn (is Subversion installed?): " + e.getMessage(), e);
        }
        try {
            try (OutputStream stdin = process.getOutputStream()) {
                if (check.credentials().isPresent()) {
                    stdin.write((check.credentials().password() + "\n").getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // svn ended before reading its input; its exit code and message tell why
            }
            T result;
            StallGuard guard = new StallGuard(timer, settings.readTimeout(), process::destroyForcibly);
            try (InputStream out = process.getInputStream()) {
                result = consumer.accept(guard.watch(out));
            } catch (IOException e) {
                throw new TransientException(url + ": " + e, e);
            } finally {
                guard.close();
            }
            if (!process.waitFor(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new TransientException(url + ": svn did not exit within " + settings.readTimeout().toSeconds() + " s", null);
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new TransientException(url + ": interrupted", null);
            }
            if (guard.stalled()) {
                throw new TransientException(url + ": no data from svn for " + settings.readTimeout().toSeconds()
                        + " s (read_timeout_seconds)", null);
            }
            if (process.exitValue() == 0) {
                return new Outcome<>(result, null, "");
            }
            String message = errorText(stderr);
            Failure failure = AUTH_FAILED.matcher(message).find() ? Failure.AUTH
                    : NOT_FOUND.matcher(message).find() ? Failure.NOT_FOUND : Failure.OTHER;
            return new Outcome<>(null, failure, message.isEmpty() ? "exit code " + process.exitValue() : message);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientException(url + ": interrupted", e);
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    private static String errorText(Path stderr) {
        try (InputStream in = Files.newInputStream(stderr)) {
            String text = new String(in.readNBytes(MAX_STDERR), StandardCharsets.UTF_8);
            return String.join(" ", text.strip().split("\\R")).replaceAll("\\p{Cntrl}", "?");
        } catch (IOException e) {
            return "";
        }
    }

    private static void deleteTree(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary folder only costs space; the cache stays correct
        }
    }
}
