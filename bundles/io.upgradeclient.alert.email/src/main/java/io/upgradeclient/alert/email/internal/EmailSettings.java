package io.upgradeclient.alert.email.internal;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.upgradeclient.api.PermanentException;

/**
 * One {@code alert.json} email section, checked. The seed wrote numbers as strings or left them empty, so an
 * empty value means "not set".
 *
 * @param section the section's name, for messages
 * @param host the SMTP server
 * @param port its port
 * @param user the login, or empty for an unauthenticated server
 * @param password the password, or empty
 * @param debug whether the SMTP conversation is logged ({@code debug_num > 0})
 * @param from the sender address
 * @param security how the connection is protected
 * @param connectTimeoutSeconds the connect timeout
 * @param timeoutSeconds the read and write timeout
 * @param publicUrl the base of links to the web UI without a trailing slash, or empty for no links
 * @param sslTrust hosts whose certificates are trusted without verification ({@code *} for any), or empty
 */
record EmailSettings(String section, String host, int port, String user, String password, boolean debug, String from,
        Security security, int connectTimeoutSeconds, int timeoutSeconds, String publicUrl, String sslTrust) {

    /** How the SMTP connection is protected. */
    enum Security {
        /** Plain text. */
        NONE,
        /** Plain connection upgraded with STARTTLS, which must succeed. */
        STARTTLS,
        /** TLS from the first byte (SMTPS, port 465). */
        SMTPS
    }

    private static final Pattern DIGITS = Pattern.compile("\\d{1,9}");

    @Override
    public String toString() {
        return "EmailSettings[" + section + ": " + host + ":" + port + " " + security + ", user=" + user + ", password="
                + (password.isEmpty() ? "" : "********") + "]";
    }

    static EmailSettings of(String section, Map<String, String> settings) throws PermanentException {
        String host = value(settings, "smtp_host");
        if (host.isEmpty()) {
            throw invalid(section, "smtp_host", "the SMTP server's host name");
        }
        int port = number(settings, section, "smtp_port", 25);
        if (port < 1 || port > 65535) {
            throw invalid(section, "smtp_port", "a port number from 1 to 65535");
        }
        String user = value(settings, "smtp_user");
        String from = value(settings, "from");
        if (from.isEmpty()) {
            from = user;
        }
        if (from.isEmpty()) {
            throw invalid(section, "from", "a sender address (or smtp_user to use as one)");
        }
        int connectTimeout = number(settings, section, "connect_timeout_seconds", 30);
        int timeout = number(settings, section, "timeout_seconds", 60);
        if (connectTimeout < 1 || timeout < 1) {
            throw invalid(section, connectTimeout < 1 ? "connect_timeout_seconds" : "timeout_seconds", "a positive number of seconds");
        }
        return new EmailSettings(section, host, port, user, value(settings, "smtp_pass"),
                number(settings, section, "debug_num", 0) > 0, from, security(settings, section, port), connectTimeout, timeout,
                value(settings, "public_url").replaceAll("/+$", ""), value(settings, "ssl_trust"));
    }

    private static Security security(Map<String, String> settings, String section, int port) throws PermanentException {
        String value = value(settings, "security").toLowerCase(Locale.ROOT);
        return switch (value) {
            case "" -> port == 587 ? Security.STARTTLS : port == 465 ? Security.SMTPS : Security.NONE;
            case "none" -> Security.NONE;
            case "starttls" -> Security.STARTTLS;
            case "smtps" -> Security.SMTPS;
            default -> throw invalid(section, "security", "none, starttls or smtps");
        };
    }

    private static String value(Map<String, String> settings, String key) {
        String value = settings.get(key);
        return value == null ? "" : value.strip();
    }

    private static int number(Map<String, String> settings, String section, String key, int fallback) throws PermanentException {
        String value = value(settings, key);
        if (value.isEmpty()) {
            return fallback;
        }
        if (!DIGITS.matcher(value).matches()) {
            throw invalid(section, key, "a whole number");
        }
        return Integer.parseInt(value);
    }

    private static PermanentException invalid(String section, String key, String expected) {
        return new PermanentException("alert '" + section + "': setting '" + key + "': expected " + expected);
    }
}
