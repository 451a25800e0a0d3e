package io.upgradeclient.web.internal.page;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.owasp.encoder.Encode;

/**
 * Builds HTML by hand with one rule: every value that is not a literal of this bundle goes through
 * {@link #escape(Object)} (file names, messages and URLs come from remote servers). Not thread-safe.
 */
public final class Html {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final StringBuilder out = new StringBuilder(4096);

    /**
     * Escapes text for use in element content and in double- or single-quoted attribute values, with the OWASP
     * encoder (the one the Web Console ships with).
     *
     * @param value any value; {@code null} becomes empty
     * @return the escaped text
     */
    public static String escape(Object value) {
        if (value == null) {
            return "";
        }
        return Encode.forHtml(value.toString());
    }

    /**
     * @param value a query parameter value
     * @return it percent-encoded, ready for {@link #escape(Object)} in an href
     */
    public static String url(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * @param time an instant, or {@code null}
     * @param zone the zone to show it in
     * @return {@code yyyy-MM-dd HH:mm:ss} local time, or empty
     */
    public static String time(Instant time, ZoneId zone) {
        return time == null ? "" : TIME.format(time.atZone(zone));
    }

    /**
     * Escapes text and lets the browser break it after the separators of file names, URLs and plugin labels
     * ({@code . _ - / ? & = :}), so that long names wrap at a separator rather than mid-word or not at all.
     *
     * @param value any value; {@code null} becomes empty
     * @return the escaped text with {@code <wbr>} after each separator
     */
    public static String breakable(Object value) {
        return escape(value).replaceAll("([._/?=:-]|&amp;)", "$1<wbr>");
    }

    /**
     * Appends a time as a {@code <time>} element: UTC in the markup, shown in the browser's zone by the script.
     *
     * @param time an instant, or {@code null} for nothing
     * @return this builder
     */
    public Html when(Instant time) {
        if (time != null) {
            out.append("<time datetime=\"").append(time).append("\">").append(UTC.format(time)).append("</time>");
        }
        return this;
    }

    /**
     * @param markup literal markup of this bundle, never data
     * @return this builder
     */
    public Html raw(String markup) {
        out.append(markup);
        return this;
    }

    /**
     * @param value data, escaped
     * @return this builder
     */
    public Html text(Object value) {
        out.append(escape(value));
        return this;
    }

    /**
     * Appends an element whose content is escaped data.
     *
     * @param tag the element name and literal attributes, e.g. {@code td class="num"}
     * @param value its content, escaped
     * @return this builder
     */
    public Html element(String tag, Object value) {
        int space = tag.indexOf(' ');
        out.append('<').append(tag).append('>').append(escape(value)).append("</")
                .append(space < 0 ? tag : tag.substring(0, space)).append('>');
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
