package io.upgradeclient.check.http.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import io.upgradeclient.api.PermanentException;

/**
 * Reads the links of a directory listing page, picking the format by content: a JSON array (nginx
 * {@code autoindex_format json}), or an HTML autoindex page of Apache ({@code <table>}, {@code <pre>} or
 * {@code <ul>}), nginx ({@code <pre>}) or lighttpd ({@code <td class="n">} table). Links are returned as the page
 * gives them; {@link Links} decides which are safe to follow.
 *
 * <p>Times in HTML listings carry no zone; they are read as UTC, which is what nginx prints by default.
 */
final class ListingParser {

    /** The listing formats told apart, by the name used in error messages. */
    enum Format {
        JSON("JSON listing"),
        LIGHTTPD("lighttpd dirlisting table"),
        APACHE_TABLE("Apache autoindex table"),
        PRE("Apache/nginx autoindex <pre>"),
        APACHE_LIST("Apache autoindex list");

        final String label;

        Format(String label) {
            this.label = label;
        }
    }

    /**
     * One link of a listing, not yet checked.
     *
     * @param href the link target as the page gives it, HTML entities decoded
     * @param directory whether the listing says it is a folder, or {@code null} when only the href tells
     * @param modified the listed modification time, or {@code null}
     * @param sizeText the listed size ({@code 1234}, {@code 1.2M}), or {@code -}
     * @param size the exact size in bytes, or {@code -1}
     */
    record Link(String href, Boolean directory, Instant modified, String sizeText, long size) {
    }

    /**
     * @param format the format the page was read as
     * @param links its links in page order
     */
    record Parsed(Format format, List<Link> links) {
    }

    private static final Pattern ANCHOR = Pattern.compile(
            "<a\\s[^>]*?href\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s\"'>]+))[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});");
    /** Apache 2.4 ({@code 2016-10-25 08:00}), nginx and Apache 2.2 ({@code 25-Oct-2016 08:00}), lighttpd ({@code 2016-Oct-25 08:00:00}). */
    private static final Pattern DATE_AND_SIZE = Pattern.compile(
            "(?:(\\d{4})-(\\d{2})-(\\d{2})|(\\d{2})-([A-Za-z]{3})-(\\d{4})|(\\d{4})-([A-Za-z]{3})-(\\d{2}))"
                    + "\\s+(\\d{2}):(\\d{2})(?::(\\d{2}))?(?:\\s+(-|\\d+(?:\\.\\d+)?[KMGTPE]?))?(?=\\s|$)");
    private static final String[] MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    private static final int MAX_QUOTE = 60;

    private ListingParser() {
    }

    /**
     * @param url the folder the page came from, for error messages
     * @param contentType the reply's {@code Content-Type}, or empty
     * @param body the reply's body
     * @return the links, in page order
     * @throws PermanentException when the page is no listing of a known format, naming the URL and what was expected
     */
    static Parsed parse(URI url, String contentType, byte[] body) throws PermanentException {
        String text = new String(body, charset(contentType));
        String trimmed = text.strip();
        if (contentType.toLowerCase(Locale.ROOT).contains("json") || trimmed.startsWith("[")) {
            return new Parsed(Format.JSON, json(url, text));
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.contains("index of")) {
            if (lower.contains("<td class=\"n\">")) {
                return html(text, lower, Format.LIGHTTPD, "<table", "</table>", "<tr");
            }
            if (lower.contains("<table")) {
                return html(text, lower, Format.APACHE_TABLE, "<table", "</table>", "<tr");
            }
            if (lower.contains("<pre")) {
                return html(text, lower, Format.PRE, "<pre", "</pre>", "\n");
            }
            if (lower.contains("<ul")) {
                return html(text, lower, Format.APACHE_LIST, "<ul", "</ul>", "<li");
            }
        }
        throw new PermanentException(url + ": not a directory listing: expected a JSON array or an HTML autoindex page "
                + "('Index of …' with a <pre>, <table> or <ul> of links), got Content-Type '" + contentType
                + "' starting with '" + quote(trimmed) + "'");
    }

    private static java.nio.charset.Charset charset(String contentType) {
        Matcher matcher = Pattern.compile("charset\\s*=\\s*\"?([A-Za-z0-9._:-]+)", Pattern.CASE_INSENSITIVE).matcher(contentType);
        if (matcher.find()) {
            try {
                return java.nio.charset.Charset.forName(matcher.group(1));
            } catch (IllegalArgumentException e) {
                return StandardCharsets.UTF_8;
            }
        }
        return StandardCharsets.UTF_8;
    }

    private static List<Link> json(URI url, String text) throws PermanentException {
        JsonElement root;
        try {
            root = JsonParser.parseString(text);
        } catch (JsonParseException e) {
            throw new PermanentException(url + ": malformed JSON listing: expected an array of {\"name\", \"type\", \"mtime\", \"size\"} objects: "
                    + e.getMessage(), e);
        }
        if (!root.isJsonArray()) {
            throw new PermanentException(url + ": malformed JSON listing: expected an array of entries, got " + quote(text.strip()));
        }
        JsonArray array = root.getAsJsonArray();
        List<Link> links = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonElement element = array.get(i);
            String name = element.isJsonObject() ? string(element.getAsJsonObject(), "name") : null;
            String type = element.isJsonObject() ? string(element.getAsJsonObject(), "type") : null;
            if (name == null || type == null) {
                throw new PermanentException(url + ": malformed JSON listing: entry " + (i + 1)
                        + ": expected an object with string fields \"name\" and \"type\", got " + quote(element.toString()));
            }
            if (!"file".equals(type) && !"directory".equals(type)) {
                continue;
            }
            JsonObject entry = element.getAsJsonObject();
            Instant modified = null;
            String mtime = string(entry, "mtime");
            if (mtime != null) {
                try {
                    modified = ZonedDateTime.parse(mtime, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                } catch (DateTimeParseException e) {
                    throw new PermanentException(url + ": malformed JSON listing: entry " + (i + 1)
                            + ": \"mtime\": expected an HTTP date like 'Tue, 25 Oct 2016 08:00:00 GMT', got '" + quote(mtime) + "'", e);
                }
            }
            long size = -1;
            JsonElement sizeElement = entry.get("size");
            if (sizeElement != null && !sizeElement.isJsonNull()) {
                try {
                    size = sizeElement.getAsLong();
                } catch (NumberFormatException | UnsupportedOperationException | IllegalStateException e) {
                    size = -2;
                }
                if (size < 0) {
                    throw new PermanentException(url + ": malformed JSON listing: entry " + (i + 1)
                            + ": \"size\": expected a whole number of bytes, got " + quote(sizeElement.toString()));
                }
            }
            boolean directory = "directory".equals(type);
            links.add(new Link(Links.encodeSegment(name) + (directory ? "/" : ""), directory, modified,
                    size < 0 ? "-" : Long.toString(size), size));
        }
        return links;
    }

    private static String string(JsonObject object, String field) {
        JsonElement value = object.get(field);
        return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString() ? value.getAsString() : null;
    }

    /**
     * Cuts the listing region into rows and reads every anchor of every row; the text between an anchor and the
     * next one (or the row's end) holds the entry's date and size, whatever the markup around them.
     */
    private static Parsed html(String text, String lower, Format format, String open, String close, String rowStart) {
        int from = lower.indexOf(open);
        int to = lower.indexOf(close, from);
        String region = text.substring(from, to < 0 ? text.length() : to);
        String regionLower = lower.substring(from, to < 0 ? text.length() : to);
        List<Link> links = new ArrayList<>();
        int rowFrom = 0;
        while (rowFrom < region.length()) {
            int next = regionLower.indexOf(rowStart, rowFrom + 1);
            int rowTo = next < 0 ? region.length() : next;
            row(region.substring(rowFrom, rowTo), links);
            rowFrom = rowTo;
        }
        return new Parsed(format, links);
    }

    private static void row(String row, List<Link> links) {
        Matcher anchor = ANCHOR.matcher(row);
        if (!anchor.find()) {
            return;
        }
        boolean more = true;
        while (more) {
            String href = anchor.group(1) != null ? anchor.group(1) : anchor.group(2) != null ? anchor.group(2) : anchor.group(3);
            int tailFrom = anchor.end();
            more = anchor.find();
            String tail = row.substring(tailFrom, more ? anchor.start() : row.length());
            links.add(link(unescape(href), text(tail)));
        }
    }

    private static Link link(String href, String tail) {
        Matcher matcher = DATE_AND_SIZE.matcher(tail);
        if (!matcher.find()) {
            return new Link(href, null, null, "-", -1);
        }
        Instant modified = date(matcher);
        String sizeText = matcher.group(13) == null ? "-" : matcher.group(13);
        long size = -1;
        if (sizeText.chars().allMatch(Character::isDigit)) {
            try {
                size = Long.parseLong(sizeText);
            } catch (NumberFormatException e) {
                size = -1;
            }
        }
        return new Link(href, null, modified, sizeText, size);
    }

    private static Instant date(Matcher m) {
        try {
            int year;
            int month;
            int day;
            if (m.group(1) != null) {
                year = Integer.parseInt(m.group(1));
                month = Integer.parseInt(m.group(2));
                day = Integer.parseInt(m.group(3));
            } else if (m.group(4) != null) {
                day = Integer.parseInt(m.group(4));
                month = month(m.group(5));
                year = Integer.parseInt(m.group(6));
            } else {
                year = Integer.parseInt(m.group(7));
                month = month(m.group(8));
                day = Integer.parseInt(m.group(9));
            }
            int second = m.group(12) == null ? 0 : Integer.parseInt(m.group(12));
            return LocalDateTime.of(year, month, day, Integer.parseInt(m.group(10)), Integer.parseInt(m.group(11)), second)
                    .toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static int month(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (int i = 0; i < MONTHS.length; i++) {
            if (MONTHS[i].equals(lower)) {
                return i + 1;
            }
        }
        return 0;
    }

    /** @return the visible text of a piece of markup, entities decoded, white space collapsed */
    private static String text(String markup) {
        return unescape(TAG.matcher(markup).replaceAll(" ")).replace('\u00a0', ' ').replaceAll("\\s+", " ").strip();
    }

    static String unescape(String html) {
        if (html.indexOf('&') < 0) {
            return html;
        }
        Matcher matcher = ENTITY.matcher(html);
        StringBuilder out = new StringBuilder(html.length());
        while (matcher.find()) {
            String entity = matcher.group(1);
            String replacement = switch (entity) {
                case "amp" -> "&";
                case "lt" -> "<";
                case "gt" -> ">";
                case "quot" -> "\"";
                case "apos" -> "'";
                case "nbsp" -> "\u00a0";
                default -> numeric(entity, matcher.group());
            };
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String numeric(String entity, String original) {
        if (!entity.startsWith("#")) {
            return original;
        }
        boolean hex = entity.length() > 1 && (entity.charAt(1) == 'x' || entity.charAt(1) == 'X');
        int code = Integer.parseInt(entity.substring(hex ? 2 : 1), hex ? 16 : 10);
        return Character.isValidCodePoint(code) ? new String(Character.toChars(code)) : original;
    }

    private static String quote(String text) {
        String cut = text.length() > MAX_QUOTE ? text.substring(0, MAX_QUOTE) + "…" : text;
        StringBuilder out = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> out.append(Character.isISOControl(c) ? "?" : Character.toString(c)));
        return out.toString();
    }
}
