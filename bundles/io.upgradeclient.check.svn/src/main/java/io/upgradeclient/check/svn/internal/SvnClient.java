package io.upgradeclient.check.svn.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.upgradeclient.api.Credentials;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.PluginException;
import io.upgradeclient.api.TransientException;

/**
 * Runs the {@code svn} command line client for one check run. Each instance owns a private working folder
 * (mode 700) that serves as svn's {@code --config-dir}, so nothing is read from or cached into the user's
 * {@code ~/.subversion}, and that holds the captured output; {@link #close()} deletes it.
 *
 * <p>The password never appears in the arguments: it is written to svn's standard input
 * ({@code --password-from-stdin}). Standard output and error are redirected to files, so a chatty svn can never
 * block on a full pipe while we wait for it, and the log of a long window is parsed as a stream from disk.
 */
final class SvnClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SvnClient.class);

    /** How much of svn's error output is read to explain a failure; svn says what matters in a few lines. */
    private static final int STDERR_LIMIT = 64 * 1024;

    private static final Pattern ERROR_LINE = Pattern.compile("^svn: (E\\d{6}): (.*)$", Pattern.MULTILINE);

    /**
     * Error codes that no retry will fix: authentication and authorization (E170001, E215004, E175013 = HTTP 403),
     * missing path or revision (E170000, E160013, E160006, E200009), bad date or revision syntax (E205000,
     * E125002) and untrusted server certificates (E230001). Everything else — connection refused (E000111),
     * unable to connect (E170013, also printed before the auth codes), timeouts (E175012, E000110), name
     * resolution (E670002), HTTP 5xx (E175002) — is treated as transient.
     */
    private static final Set<String> PERMANENT_CODES = Set.of("E170001", "E215004", "E175013", "E170000", "E160013",
            "E160006", "E200009", "E205000", "E125002", "E230001");

    private final String binPath;
    private final Duration timeout;
    private final Credentials credentials;
    private final List<String> proxyOptions;
    private final Consumer<List<String>> observer;
    private final Path workDir;
    private int runs;

    /**
     * @param binPath the svn executable
     * @param timeout how long one svn command may take
     * @param credentials the source's user and password; empty user = anonymous
     * @param proxyHost an HTTP proxy {@code host[:port]}, or empty
     * @param observer told every command line before it runs (it never contains the password)
     * @throws TransientException when the private working folder cannot be created
     * @throws PermanentException when {@code proxyHost} is not {@code host[:port]}
     */
    SvnClient(String binPath, Duration timeout, Credentials credentials, String proxyHost,
            Consumer<List<String>> observer) throws TransientException, PermanentException {
        this.binPath = binPath;
        this.timeout = timeout;
        this.credentials = credentials;
        this.proxyOptions = proxyOptions(proxyHost);
        this.observer = observer;
        try {
            this.workDir = Files.createTempDirectory("upgradeclient-svn",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new TransientException("cannot create a private folder for svn: " + e.getMessage(), e);
        }
    }

    /** @return the private folder used as {@code --config-dir} */
    Path workDir() {
        return workDir;
    }

    /**
     * @param subcommand the svn subcommand and its own arguments, e.g. {@code info --xml URL}
     * @return the complete command line
     */
    List<String> command(List<String> subcommand) {
        List<String> args = new ArrayList<>();
        args.add(binPath);
        args.addAll(subcommand);
        args.add("--non-interactive");
        args.add("--no-auth-cache");
        args.add("--config-dir");
        args.add(workDir.resolve("config").toString());
        if (credentials.isPresent()) {
            args.add("--username");
            args.add(credentials.user());
            args.add("--password-from-stdin");
        }
        for (String option : proxyOptions) {
            args.add("--config-option");
            args.add(option);
        }
        return args;
    }

    /**
     * Maps {@code proxy_host} to svn's {@code servers} settings; svn uses them for http(s) URLs only.
     *
     * @param proxyHost {@code host}, {@code host:port} or {@code [v6]:port}, optionally with an {@code http://} prefix
     * @return the {@code --config-option} values, none when empty
     * @throws PermanentException when the value is not {@code host[:port]}
     */
    static List<String> proxyOptions(String proxyHost) throws PermanentException {
        String value = proxyHost.strip().replaceFirst("^(?i)https?://", "").replaceFirst("/$", "");
        if (value.isEmpty()) {
            return List.of();
        }
        String host = value;
        String port = "";
        int colon = value.lastIndexOf(':');
        if (colon > value.lastIndexOf(']')) {
            host = value.substring(0, colon);
            port = value.substring(colon + 1);
        }
        if (host.isEmpty() || !host.matches("[A-Za-z0-9.\\-]+|\\[[0-9A-Fa-f:.]+\\]") || !port.matches("|\\d{1,5}")) {
            throw new PermanentException("proxy_host: expected host[:port], was '" + proxyHost + "'");
        }
        List<String> options = new ArrayList<>();
        options.add("servers:global:http-proxy-host=" + host);
        if (!port.isEmpty()) {
            options.add("servers:global:http-proxy-port=" + port);
        }
        return options;
    }

    /**
     * Runs one svn command and waits for it, at most the timeout.
     *
     * @param subcommand the subcommand and its arguments
     * @param what names the operation and URL in error messages
     * @return the file holding svn's standard output
     * @throws TransientException on network failures, timeouts and interruption
     * @throws PermanentException on authentication failures, missing paths or revisions, a missing svn binary
     */
    Path run(List<String> subcommand, String what) throws TransientException, PermanentException {
        List<String> args = command(subcommand);
        observer.accept(args);
        int run = ++runs;
        Path out = workDir.resolve("out-" + run + ".xml");
        Path err = workDir.resolve("err-" + run + ".txt");
        ProcessBuilder builder = new ProcessBuilder(args)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        // Error codes are stable across locales, but the message we pass on should be readable by everybody.
        builder.environment().remove("LC_ALL");
        builder.environment().put("LC_MESSAGES", "C");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new PermanentException("cannot run the svn client '" + binPath + "': " + e.getMessage(), e);
        }
        try {
            feedPassword(process);
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new TransientException(what + ": svn did not finish within " + timeout.toSeconds() + " s", null);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new TransientException(what + ": interrupted", e);
        }
        int exit = process.exitValue();
        if (exit != 0) {
            PluginException failure = failure(what, exit, readStart(err));
            if (failure instanceof PermanentException permanent) {
                throw permanent;
            }
            throw (TransientException) failure;
        }
        return out;
    }

    private void feedPassword(Process process) {
        try (OutputStream stdin = process.getOutputStream()) {
            if (credentials.isPresent()) {
                stdin.write((credentials.password() + "\n").getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // svn may exit before reading stdin (e.g. a bad URL); its exit code and stderr tell what happened.
            LOG.debug("svn did not read its standard input: {}", e.getMessage());
        }
    }

    private static String readStart(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(STDERR_LIMIT), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Classifies a failed svn run by the error codes it printed.
     *
     * @param what the operation and URL
     * @param exit svn's exit code
     * @param stderr what svn printed on standard error
     * @return the exception to throw: permanent when any code says retrying cannot help
     */
    static PluginException failure(String what, int exit, String stderr) {
        Matcher matcher = ERROR_LINE.matcher(stderr);
        String lastLine = null;
        String permanentLine = null;
        while (matcher.find()) {
            lastLine = matcher.group(1) + ": " + matcher.group(2).strip();
            if (PERMANENT_CODES.contains(matcher.group(1))) {
                permanentLine = lastLine;
            }
        }
        if (permanentLine != null) {
            return new PermanentException(what + " failed: " + permanentLine);
        }
        String detail = lastLine != null ? lastLine : firstLine(stderr, exit);
        return new TransientException(what + " failed: " + detail, null);
    }

    private static String firstLine(String text, int exit) {
        return text.lines().map(String::strip).filter(line -> !line.isEmpty()).findFirst()
                .orElse("svn exited with code " + exit);
    }

    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(workDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Cannot delete svn's private folder {}: {}", workDir, e.getMessage());
        }
    }
}
