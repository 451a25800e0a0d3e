package io.upgradeclient.alert.webhook.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.SectionSettings;

/**
 * One {@code alert.json} webhook section, checked. {@link #toString()} shows neither the headers' values nor the
 * secret, nor the URL's path and query (a chat webhook's URL is itself a credential).
 *
 * @param url where reports are posted (http or https)
 * @param format the payload shape
 * @param headers extra request headers ({@code header.<Name>} settings), secret values
 * @param secret the HMAC-SHA256 key for the signature header, or empty for unsigned requests
 * @param timeout the connect and response timeout of one request
 * @param attempts how many requests one send may make when the receiver answers 429 or 5xx
 * @param publicUrl the web UI's base URL for links, or empty
 */
record WebhookSettings(URI url, WebhookFormat format, Map<String, String> headers, String secret, Duration timeout,
        int attempts, String publicUrl) {

    /** Settings starting with this are request headers: {@code header.Authorization}. */
    static final String HEADER_PREFIX = "header.";

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    @Override
    public String toString() {
        return "WebhookSettings[" + where() + ", format=" + format + ", headers=" + headers.keySet() + ", signed="
                + !secret.isEmpty() + "]";
    }

    /** @return the receiver without path or query, for messages: the rest may be a credential */
    String where() {
        return url.getScheme() + "://" + url.getRawAuthority().replaceFirst("^.*@", "") + "/…";
    }

    static WebhookSettings of(String section, Map<String, String> settings, int defaultTimeoutSeconds, int defaultAttempts)
            throws PermanentException {
        SectionSettings read = new SectionSettings("alert '" + section + "'", settings);
        URI url;
        try {
            url = new URI(read.text("url"));
        } catch (URISyntaxException e) {
            throw read.invalid("url", "an http:// or https:// URL");
        }
        if (!("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme())) || url.getRawAuthority() == null) {
            throw read.invalid("url", "an http:// or https:// URL");
        }
        String formatName = read.text("format");
        WebhookFormat format;
        try {
            format = formatName.isEmpty() ? WebhookFormat.GENERIC : WebhookFormat.valueOf(formatName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw read.invalid("format", "slack, teams, discord or generic");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> setting : settings.entrySet()) {
            if (setting.getKey().startsWith(HEADER_PREFIX)) {
                String name = setting.getKey().substring(HEADER_PREFIX.length());
                String value = setting.getValue().strip();
                if (!TOKEN.matcher(name).matches() || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                    throw read.invalid(setting.getKey(), "a header name of letters, digits and -, and a one-line value");
                }
                headers.put(name, value);
            }
        }
        int timeout = read.number("timeout_seconds", defaultTimeoutSeconds);
        if (timeout <= 0) {
            throw read.invalid("timeout_seconds", "a positive number of seconds");
        }
        int attempts = read.number("attempts", defaultAttempts);
        if (attempts <= 0) {
            throw read.invalid("attempts", "a positive number");
        }
        return new WebhookSettings(url, format, Map.copyOf(headers), read.text("secret"), Duration.ofSeconds(timeout),
                attempts, read.text("public_url").replaceFirst("/+$", ""));
    }
}
