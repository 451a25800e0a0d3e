package io.upgradeclient.alert.email.internal;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.SectionSettings;

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

    @Override
    public String toString() {
        return "EmailSettings[" + section + ": " + host + ":" + port + " " + security + ", user=" + user + ", password="
                + (password.isEmpty() ? "" : "********") + "]";
    }

    static EmailSettings of(String section, Map<String, String> settings) throws PermanentException {
        SectionSettings read = new SectionSettings("alert '" + section + "'", settings);
        String host = read.text("smtp_host");
        if (host.isEmpty()) {
            throw read.invalid("smtp_host", "the SMTP server's host name");
        }
        int port = read.number("smtp_port", 25);
        if (port < 1 || port > 65535) {
            throw read.invalid("smtp_port", "a port number from 1 to 65535");
        }
        String user = read.text("smtp_user");
        String from = read.text("from");
        if (from.isEmpty()) {
            from = user;
        }
        if (from.isEmpty()) {
            throw read.invalid("from", "a sender address (or smtp_user to use as one)");
        }
        int connectTimeout = read.number("connect_timeout_seconds", 30);
        int timeout = read.number("timeout_seconds", 60);
        if (connectTimeout < 1 || timeout < 1) {
            throw read.invalid(connectTimeout < 1 ? "connect_timeout_seconds" : "timeout_seconds", "a positive number of seconds");
        }
        return new EmailSettings(section, host, port, user, read.secret("smtp_pass"),
                read.number("debug_num", 0) > 0, from, security(read, port), connectTimeout, timeout,
                read.text("public_url").replaceAll("/+$", ""), read.text("ssl_trust"));
    }

    private static Security security(SectionSettings read, int port) throws PermanentException {
        String value = read.text("security").toLowerCase(Locale.ROOT);
        return switch (value) {
            case "" -> port == 587 ? Security.STARTTLS : port == 465 ? Security.SMTPS : Security.NONE;
            case "none" -> Security.NONE;
            case "starttls" -> Security.STARTTLS;
            case "smtps" -> Security.SMTPS;
            default -> throw read.invalid("security", "none, starttls or smtps");
        };
    }


}
