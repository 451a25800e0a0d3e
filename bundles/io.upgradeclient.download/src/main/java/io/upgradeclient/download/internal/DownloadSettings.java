package io.upgradeclient.download.internal;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.PermanentException;

/**
 * The settings of one download: the bundle-wide defaults of Config Admin PID {@value #PID}, narrowed or overridden
 * by the check's options.
 *
 * @param maxSize the largest file accepted, in bytes
 * @param verifyChecksums whether checksums published beside the file are looked for and verified
 * @param connectTimeout how long a connect may take
 * @param readTimeout how long the source may stay silent (no reply, or no data) before the transfer is given up
 * @param proxy the HTTP proxy from the check's {@code proxy_host}, if any
 */
record DownloadSettings(long maxSize, boolean verifyChecksums, Duration connectTimeout, Duration readTimeout,
        Optional<InetSocketAddress> proxy) {

    /** The configuration PID shared by the http, file and svn downloaders. */
    static final String PID = "io.upgradeclient.download";

    static final String MAX_SIZE = "max_size";
    static final String VERIFY_CHECKSUMS = "verify_checksums";
    static final String CONNECT_TIMEOUT = "connect_timeout_seconds";
    static final String READ_TIMEOUT = "read_timeout_seconds";

    /** Squid's port: the usual one when {@code proxy_host} names none. */
    static final int DEFAULT_PROXY_PORT = 3128;

    private static final Pattern SIZE = Pattern.compile("(\\d{1,19})\\s*([KMGT]?)(?:I?B)?");

    /** The bundle-wide defaults; one underscore pair in a method name is one underscore in the property key. */
    @ObjectClassDefinition(name = "upgradeclient downloads",
            description = "Limits and timeouts of the http, file and svn downloaders.")
    @interface Config {
        @AttributeDefinition(name = "Maximum size (bytes)",
                description = "Larger files are refused. A check's option max_size can only lower it.")
        long max__size__bytes() default 4L << 30;

        @AttributeDefinition(name = "Connect timeout (s)", description = "A check's option connect_timeout_seconds overrides it.")
        int connect__timeout__seconds() default 10;

        @AttributeDefinition(name = "Read timeout (s)",
                description = "How long a source may send nothing before the transfer is given up (and resumed later). "
                        + "A check's option read_timeout_seconds overrides it.")
        int read__timeout__seconds() default 60;
    }

    static DownloadSettings of(Config config, CheckDefinition check) throws PermanentException {
        Map<String, String> options = check.options();
        long maxSize = config.max__size__bytes();
        String limit = options.getOrDefault(MAX_SIZE, "").strip();
        if (!limit.isEmpty()) {
            maxSize = Math.min(maxSize, size(check, limit));
        }
        return new DownloadSettings(maxSize,
                !"false".equalsIgnoreCase(options.getOrDefault(VERIFY_CHECKSUMS, "").strip()),
                Duration.ofSeconds(seconds(check, options, CONNECT_TIMEOUT, config.connect__timeout__seconds())),
                Duration.ofSeconds(seconds(check, options, READ_TIMEOUT, config.read__timeout__seconds())),
                proxy(check));
    }

    private static long size(CheckDefinition check, String text) throws PermanentException {
        Matcher matcher = SIZE.matcher(text.toUpperCase(Locale.ROOT));
        if (matcher.matches()) {
            try {
                int shift = switch (matcher.group(2)) {
                    case "K" -> 10;
                    case "M" -> 20;
                    case "G" -> 30;
                    case "T" -> 40;
                    default -> 0;
                };
                long value = Long.parseLong(matcher.group(1));
                if (value > 0 && value <= Long.MAX_VALUE >> shift) {
                    return value << shift;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new PermanentException("check '" + check.name() + "': option " + MAX_SIZE
                + ": expected a positive number of bytes, optionally with K, M, G or T (binary), was '" + text + "'");
    }

    private static int seconds(CheckDefinition check, Map<String, String> options, String key, int fallback)
            throws PermanentException {
        String text = options.getOrDefault(key, "").strip();
        if (text.isEmpty()) {
            return Math.max(1, fallback);
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= 1 && value <= 86_400) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new PermanentException("check '" + check.name() + "': option " + key
                + ": expected a whole number of seconds from 1 to 86400, was '" + text + "'");
    }

    private static Optional<InetSocketAddress> proxy(CheckDefinition check) throws PermanentException {
        String text = check.proxyHost().strip();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Matcher matcher = Pattern.compile("(?:\\[([0-9A-Fa-f:.]+)]|([^\\s:/@\\[\\]]+))(?::(\\d{1,5}))?").matcher(text);
        if (matcher.matches()) {
            int port = matcher.group(3) == null ? DEFAULT_PROXY_PORT : Integer.parseInt(matcher.group(3));
            if (port >= 1 && port <= 65535) {
                return Optional.of(new InetSocketAddress(matcher.group(1) != null ? matcher.group(1) : matcher.group(2), port));
            }
        }
        throw new PermanentException("check '" + check.name() + "': proxy_host: expected host[:port], was '" + text + "'");
    }
}
