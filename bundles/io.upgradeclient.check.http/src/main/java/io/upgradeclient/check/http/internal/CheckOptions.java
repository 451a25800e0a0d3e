package io.upgradeclient.check.http.internal;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.PermanentException;

/**
 * The per-check settings of an HTTP listing check, read from the check's {@code option.*} values and its
 * {@code proxy_host}.
 *
 * @param maxParallel folder requests in flight at once (the source is one host, so this is the per-host limit)
 * @param maxDepth how many folder levels below {@code base_url} are walked; {@code 0} lists {@code base_url} only
 * @param connectTimeout how long a TCP/TLS connect may take
 * @param readTimeout how long one folder reply, headers and body, may take
 * @param proxy the HTTP proxy, if one is configured
 */
record CheckOptions(int maxParallel, int maxDepth, Duration connectTimeout, Duration readTimeout,
        Optional<InetSocketAddress> proxy) {

    static final String MAX_PARALLEL = "max_parallel";
    static final String MAX_DEPTH = "max_depth";
    static final String CONNECT_TIMEOUT = "connect_timeout_seconds";
    static final String READ_TIMEOUT = "read_timeout_seconds";

    /** Squid's port: the usual one when {@code proxy_host} names none. */
    static final int DEFAULT_PROXY_PORT = 3128;

    static CheckOptions of(CheckDefinition check) throws PermanentException {
        Map<String, String> options = check.options();
        return new CheckOptions(
                number(check, options, MAX_PARALLEL, 4, 1, 64),
                number(check, options, MAX_DEPTH, 8, 0, 64),
                Duration.ofSeconds(number(check, options, CONNECT_TIMEOUT, 10, 1, 3600)),
                Duration.ofSeconds(number(check, options, READ_TIMEOUT, 60, 1, 3600)),
                proxy(check));
    }

    private static int number(CheckDefinition check, Map<String, String> options, String key, int fallback, int min, int max)
            throws PermanentException {
        String text = options.getOrDefault(key, "").strip();
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the expected range
        }
        throw new PermanentException("check '" + check.name() + "': option " + key + ": expected a whole number from "
                + min + " to " + max + ", was '" + text + "'");
    }

    /**
     * @return the proxy named by {@code host[:port]} or {@code [ipv6]:port}; empty when none is configured
     */
    static Optional<InetSocketAddress> proxy(CheckDefinition check) throws PermanentException {
        String text = check.proxyHost().strip();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String host = text;
        String port = "";
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw badProxy(check, text);
            }
            host = text.substring(1, close);
            if (close + 1 < text.length()) {
                if (text.charAt(close + 1) != ':') {
                    throw badProxy(check, text);
                }
                port = text.substring(close + 2);
            }
        } else if (text.indexOf(':') >= 0) {
            host = text.substring(0, text.indexOf(':'));
            port = text.substring(text.indexOf(':') + 1);
        }
        if (host.isEmpty() || host.chars().anyMatch(c -> c <= ' ' || c == '/' || c == '@')) {
            throw badProxy(check, text);
        }
        int portNumber = DEFAULT_PROXY_PORT;
        if (!port.isEmpty()) {
            try {
                portNumber = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw badProxy(check, text);
            }
            if (portNumber < 1 || portNumber > 65535) {
                throw badProxy(check, text);
            }
        }
        return Optional.of(new InetSocketAddress(host, portNumber));
    }

    private static PermanentException badProxy(CheckDefinition check, String text) {
        return new PermanentException("check '" + check.name() + "': proxy_host: expected host[:port], was '" + text + "'");
    }
}
