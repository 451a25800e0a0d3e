package io.upgradeclient.config.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.Optional;

/**
 * Refuses to move the web server to a port it cannot bind. Felix HTTP Jetty 12 (1.1.8) restarts its server when the
 * port changes; when the new port is taken, the bind fails, Jetty logs the failure and then a
 * {@code NullPointerException} of its own (its connector is not set up when it stops), and the web UI stays down.
 * Checking first keeps the web server on the port it serves and leaves one clear line instead.
 */
final class HttpPortGuard {
    /** Whether a TCP port can be bound on an address. */
    @FunctionalInterface
    interface Probe {
        /**
         * @param host the address the web server would bind, a name or literal
         * @param port the port
         * @return whether a listening socket could be bound there now
         */
        boolean free(String host, int port);
    }

    /** Binds a socket the way Jetty does (address reuse on, so a port in TIME_WAIT counts as free) and lets it go. */
    static final Probe BIND = (host, port) -> {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    };

    private final int frameworkPort;
    private final String frameworkHost;
    private final Probe probe;

    /**
     * @param frameworkPort the port the web server serves while its PID sets none (framework property
     *        {@value SettingsFile#HTTP_PORT}); 0 when unknown
     * @param frameworkHost the address it binds while its PID sets none; empty for every address
     * @param probe how a port is tried
     */
    HttpPortGuard(int frameworkPort, String frameworkHost, Probe probe) {
        this.frameworkPort = frameworkPort;
        this.frameworkHost = frameworkHost;
        this.probe = probe;
    }

    /**
     * @param port the framework property {@value SettingsFile#HTTP_PORT}, or {@code null} when not set
     * @param host the framework property {@value SettingsFile#HTTP_HOST}, or {@code null} when not set
     * @return a guard that binds a socket to try a port
     */
    static HttpPortGuard of(String port, String host) {
        int number = 0;
        try {
            number = port == null ? 0 : Integer.parseInt(port.strip());
        } catch (NumberFormatException e) {
            // Felix HTTP then uses its own default; any port the files set counts as a change
        }
        return new HttpPortGuard(number, host == null ? "" : host.strip(), BIND);
    }

    /**
     * @param current the properties of the HTTP service's PID now (empty when it has none)
     * @param next the properties about to be written
     * @return why the port of {@code next} is refused, when it is a change to a port that cannot be bound
     */
    Optional<String> refusal(Map<String, Object> current, Map<String, Object> next) {
        if (!(next.get(SettingsFile.HTTP_PORT) instanceof Number wanted)) {
            return Optional.empty();
        }
        int serving = current.get(SettingsFile.HTTP_PORT) instanceof Number port ? port.intValue() : frameworkPort;
        if (wanted.intValue() == serving) {
            return Optional.empty();
        }
        String host = next.get(SettingsFile.HTTP_HOST) instanceof String text ? text
                : current.get(SettingsFile.HTTP_HOST) instanceof String text ? text : frameworkHost;
        String address = host.isBlank() ? "0.0.0.0" : host;
        if (probe.free(address, wanted.intValue())) {
            return Optional.empty();
        }
        return Optional.of("web.port " + wanted + " is not applied: the port is in use on " + address
                + " (or cannot be bound there); the web server stays on port " + (serving == 0 ? "it serves" : serving)
                + ". Free the port or choose another, then save the file again");
    }

    /**
     * @param current the properties of the HTTP service's PID now
     * @param next the properties about to be written, whose port is set back to the one served
     */
    static void keepServedPort(Map<String, Object> current, Map<String, Object> next) {
        if (current.containsKey(SettingsFile.HTTP_PORT)) {
            next.put(SettingsFile.HTTP_PORT, current.get(SettingsFile.HTTP_PORT));
        } else {
            next.remove(SettingsFile.HTTP_PORT);
        }
    }
}
