package io.upgradeclient.check.http.internal;

import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.parser.Parser;
import org.jsoup.select.Evaluator;
import org.jsoup.select.QueryParser;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import io.upgradeclient.api.PermanentException;

/**
 * Reads the links of a directory listing page, picking the format by content. HTML goes through jsoup (the page is
 * parsed as a browser would, entities and odd markup included), XML through jsoup's XML parser, JSON through Gson.
 * Links are returned as the page gives them; {@link Links} decides which are safe to follow.
 *
 * <p>Times in HTML listings carry no zone; they are read as UTC, which is what nginx prints by default.
 */
final class ListingParser {

    /** The listing formats told apart, by the name used in log and error messages. */
    enum Format {
        NGINX_JSON("nginx autoindex JSON"),
        CADDY_JSON("Caddy browse JSON"),
        NGINX_XML("nginx autoindex XML"),
        S3_XML("S3 bucket listing XML"),
        LIGHTTPD("lighttpd dirlisting table"),
        CADDY("Caddy browse page"),
        APACHE_TABLE("Apache autoindex table"),
        PRE("Apache/nginx autoindex <pre>"),
        IIS("IIS directory browsing"),
        APACHE_LIST("Apache autoindex list"),
        PYTHON("Python http.server listing");

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

    /** Apache 2.4 ({@code 2016-10-25 08:00}), nginx and Apache 2.2 ({@code 25-Oct-2016 08:00}), lighttpd ({@code 2016-Oct-25 08:00:00}). */
    private static final Pattern DATE_AND_SIZE = Pattern.compile(
            "(?:(\\d{4})-(\\d{2})-(\\d{2})|(\\d{2})-([A-Za-z]{3})-(\\d{4})|(\\d{4})-([A-Za-z]{3})-(\\d{2}))"
                    + "\\s+(\\d{2}):(\\d{2})(?::(\\d{2}))?(?:\\s+(-|\\d+(?:\\.\\d+)?\\s?[KMGTPE]?i?B?))?(?=\\s|$)");
    /** IIS: {@code 10/25/2016  8:00 AM        12345} or {@code <dir>} before the link. */
    private static final Pattern IIS_LINE = Pattern.compile(
            "(\\d{1,2})/(\\d{1,2})/(\\d{4})\\s+(\\d{1,2}):(\\d{2})\\s*([AP]M)?\\s+(<dir>|\\d+)\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern CHARSET = Pattern.compile("charset\\s*=\\s*\"?([A-Za-z0-9._:-]+)", Pattern.CASE_INSENSITIVE);
    private static final String[] MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    private static final int MAX_QUOTE = 60;

    // Selectors parsed once: jsoup parses a selector given as text at every call, which cost more than parsing the
    // page itself (the profile of a no-change check of 101 nginx pages: a fifth of its samples).
    private static final Evaluator LINKS = QueryParser.parse("a[href]");
    private static final Evaluator LIGHTTPD_LINKS = QueryParser.parse("td.n a[href]");
    private static final Evaluator CADDY_TIMES = QueryParser.parse("tr time[datetime]");
    private static final Evaluator CADDY_ROWS = QueryParser.parse("tr:has(time[datetime])");
    private static final Evaluator TIME = QueryParser.parse("time[datetime]");
    private static final Evaluator SIZE_CELL = QueryParser.parse("td[data-order]");
    private static final Evaluator PRE_WITH_LINKS = QueryParser.parse("pre:has(a[href])");
    private static final Evaluator TABLE_LINKS = QueryParser.parse("table a[href]");
    private static final Evaluator LIST_LINKS = QueryParser.parse("ul a[href]");
    private static final Evaluator TABLE_ROW = QueryParser.parse("tr");
    private static final Evaluator LIST_ROW = QueryParser.parse("li");
    private static final Evaluator S3_PREFIX = QueryParser.parse("> Prefix");
    private static final Evaluator S3_FOLDERS = QueryParser.parse("> CommonPrefixes > Prefix");
    private static final Evaluator S3_OBJECTS = QueryParser.parse("> Contents");
    private static final Evaluator S3_KEY = QueryParser.parse("> Key");
    private static final Evaluator S3_SIZE = QueryParser.parse("> Size");
    private static final Evaluator S3_MODIFIED = QueryParser.parse("> LastModified");

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
        String type = contentType.toLowerCase(Locale.ROOT);
        if (type.contains("json") || trimmed.startsWith("[")) {
            return json(url, text);
        }
        if (type.contains("xml") || trimmed.startsWith("<?xml") || trimmed.startsWith("<list")
                || trimmed.startsWith("<ListBucketResult")) {
            Parsed parsed = xml(text);
            if (parsed != null) {
                return parsed;
            }
        } else {
            Parsed parsed = html(Jsoup.parse(text));
            if (parsed != null) {
                return parsed;
            }
        }
        throw new PermanentException(url + ": not a directory listing of a known server: expected the JSON of nginx or "
                + "Caddy, the XML of nginx or S3, or the HTML listing of Apache, nginx, lighttpd, Caddy, IIS or Python's "
                + "http.server; got Content-Type '" + contentType + "' starting with '" + quote(trimmed) + "'");
    }

    private static Charset charset(String contentType) {
        Matcher matcher = CHARSET.matcher(contentType);
        if (matcher.find()) {
            try {
                return Charset.forName(matcher.group(1));
            } catch (IllegalArgumentException e) {
                return StandardCharsets.UTF_8;
            }
        }
        return StandardCharsets.UTF_8;
    }

    /** @return the links of a known HTML listing, or {@code null} when the page is none */
    private static Parsed html(Document page) {
        String title = page.title().strip();
        Element body = page.body();
        if (!body.select(LIGHTTPD_LINKS).isEmpty()) {
            return new Parsed(Format.LIGHTTPD, rows(body.select(LIGHTTPD_LINKS), TABLE_ROW));
        }
        if (!body.select(CADDY_TIMES).isEmpty()) {
            return new Parsed(Format.CADDY, caddy(body));
        }
        Element pre = body.selectFirst(PRE_WITH_LINKS);
        // IIS's first link is its parent link; reading that one link's text spares building the text of the whole page
        if (pre != null && pre.selectFirst(LINKS).text().contains("[To Parent Directory]")) {
            return new Parsed(Format.IIS, iis(pre));
        }
        if (title.startsWith("Directory listing for") && body.selectFirst(LIST_LINKS) != null) {
            return new Parsed(Format.PYTHON, rows(body.select(LIST_LINKS), LIST_ROW));
        }
        if (!title.startsWith("Index of")) {
            return null;
        }
        if (body.selectFirst(TABLE_LINKS) != null) {
            return new Parsed(Format.APACHE_TABLE, rows(body.select(TABLE_LINKS), TABLE_ROW));
        }
        if (pre != null) {
            return new Parsed(Format.PRE, pre(pre));
        }
        if (body.selectFirst(LIST_LINKS) != null) {
            return new Parsed(Format.APACHE_LIST, rows(body.select(LIST_LINKS), LIST_ROW));
        }
        return null;
    }

    /** Rows of a table or list: the text of a link's row after the link holds its date and size. */
    private static List<Link> rows(List<Element> anchors, Evaluator row) {
        List<Link> links = new ArrayList<>();
        for (Element anchor : anchors) {
            Element container = anchor.closest(row);
            String rowText = container == null ? "" : text(container);
            String anchorText = text(anchor);
            int at = anchorText.isEmpty() ? -1 : rowText.indexOf(anchorText);
            links.add(link(anchor.attr("href"), at < 0 ? rowText : rowText.substring(at + anchorText.length())));
        }
        return links;
    }

    /** A {@code <pre>} of lines: each link is followed by its date and size, up to the next link. */
    private static List<Link> pre(Element pre) {
        List<Link> links = new ArrayList<>();
        for (Element anchor : pre.select(LINKS)) {
            StringBuilder tail = new StringBuilder();
            for (Node next = anchor.nextSibling(); next != null && !isAnchor(next); next = next.nextSibling()) {
                tail.append(next instanceof TextNode textNode ? textNode.getWholeText() : ((Element) next).text());
                if (tail.indexOf("\n") >= 0) {
                    break;
                }
            }
            links.add(link(anchor.attr("href"), normalise(tail.toString())));
        }
        return links;
    }

    /** IIS puts date and size before the link, after the previous line's {@code <br>}. */
    private static List<Link> iis(Element pre) {
        List<Link> links = new ArrayList<>();
        for (Element anchor : pre.select(LINKS)) {
            StringBuilder head = new StringBuilder();
            for (Node previous = anchor.previousSibling(); previous instanceof TextNode textNode; previous = previous.previousSibling()) {
                head.insert(0, textNode.getWholeText());
            }
            Matcher line = IIS_LINE.matcher(normalise(head.toString()));
            if (!line.find()) {
                links.add(new Link(anchor.attr("href"), null, null, "-", -1));
                continue;
            }
            int hour = Integer.parseInt(line.group(4));
            if (line.group(6) != null) {
                hour = hour % 12 + ("PM".equalsIgnoreCase(line.group(6)) ? 12 : 0);
            }
            Instant modified = instant(Integer.parseInt(line.group(3)), Integer.parseInt(line.group(1)),
                    Integer.parseInt(line.group(2)), hour, Integer.parseInt(line.group(5)), 0);
            boolean directory = line.group(7).startsWith("<");
            long size = directory ? -1 : Long.parseLong(line.group(7));
            links.add(new Link(anchor.attr("href"), directory, modified, directory ? "-" : line.group(7), size));
        }
        return links;
    }

    /** Caddy's browse page: a {@code <time datetime>} per row, the exact size in the size cell's {@code data-order}. */
    private static List<Link> caddy(Element body) {
        List<Link> links = new ArrayList<>();
        for (Element row : body.select(CADDY_ROWS)) {
            Element anchor = row.selectFirst(LINKS);
            if (anchor == null) {
                continue;
            }
            Instant modified = parseOrNull(row.selectFirst(TIME).attr("datetime"),
                    value -> OffsetDateTime.parse(value).toInstant());
            Element sizeCell = row.selectFirst(SIZE_CELL);
            long size = sizeCell == null ? -1 : parseSize(sizeCell.attr("data-order"));
            String sizeText = "-";
            if (size >= 0) {
                sizeText = sizeCell.text().isEmpty() ? Long.toString(size) : sizeCell.text();
            }
            // "./name": the same as "name", without the dot segment Links refuses
            String href = anchor.attr("href");
            links.add(new Link(href.startsWith("./") ? href.substring(2) : href, null, modified, sizeText, size));
        }
        return links;
    }

    /** @return the XML listing's links, or {@code null} when the document is of no known kind */
    private static Parsed xml(String text) {
        Document document = Jsoup.parse(text, "", Parser.xmlParser());
        Element root = document.children().stream().filter(element -> !element.tagName().startsWith("?")).findFirst()
                .orElse(null);
        if (root == null) {
            return null;
        }
        List<Link> links = new ArrayList<>();
        if ("list".equals(root.tagName())) {
            for (Element entry : root.children()) {
                boolean directory = "directory".equals(entry.tagName());
                if (!directory && !"file".equals(entry.tagName())) {
                    continue;
                }
                Instant modified = parseOrNull(entry.attr("mtime"), value -> OffsetDateTime.parse(value).toInstant());
                long size = directory ? -1 : parseSize(entry.attr("size"));
                links.add(new Link(Links.encodeSegment(entry.wholeText()) + (directory ? "/" : ""), directory, modified,
                        size < 0 ? "-" : Long.toString(size), size));
            }
            return new Parsed(Format.NGINX_XML, links);
        }
        if ("ListBucketResult".equals(root.tagName())) {
            // keys are whole paths in the bucket; the links are relative to the listed prefix
            Element prefixElement = root.selectFirst(S3_PREFIX);
            String prefix = prefixElement == null ? "" : prefixElement.wholeText();
            for (Element folder : root.select(S3_FOLDERS)) {
                relative(prefix, folder.wholeText()).ifPresent(name -> links.add(
                        new Link(Links.encodeSegment(name.substring(0, name.length() - 1)) + "/", true, null, "-", -1)));
            }
            for (Element object : root.select(S3_OBJECTS)) {
                String key = childText(object, S3_KEY);
                long size = parseSize(childText(object, S3_SIZE));
                Instant modified = parseOrNull(childText(object, S3_MODIFIED), value -> Instant.parse(value));
                relative(prefix, key).filter(name -> !name.endsWith("/")).ifPresent(name -> links.add(
                        new Link(Links.encodeSegment(name), false, modified, size < 0 ? "-" : Long.toString(size), size)));
            }
            return new Parsed(Format.S3_XML, links);
        }
        return null;
    }

    private static Optional<String> relative(String prefix, String key) {
        if (!key.startsWith(prefix) || key.length() == prefix.length()) {
            return Optional.empty();
        }
        return Optional.of(key.substring(prefix.length()));
    }

    private static String childText(Element parent, Evaluator child) {
        Element found = parent.selectFirst(child);
        return found == null ? "" : found.wholeText();
    }

    private static Parsed json(URI url, String text) throws PermanentException {
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
        boolean caddy = !array.isEmpty() && array.get(0).isJsonObject() && array.get(0).getAsJsonObject().has("is_dir");
        List<Link> links = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonElement element = array.get(i);
            Link link = caddy ? caddyEntry(url, i, element) : nginxEntry(url, i, element);
            if (link != null) {
                links.add(link);
            }
        }
        return new Parsed(caddy ? Format.CADDY_JSON : Format.NGINX_JSON, links);
    }

    private static Link nginxEntry(URI url, int i, JsonElement element) throws PermanentException {
        String name = element.isJsonObject() ? string(element.getAsJsonObject(), "name") : null;
        String type = element.isJsonObject() ? string(element.getAsJsonObject(), "type") : null;
        if (name == null || type == null) {
            throw new PermanentException(url + ": malformed JSON listing: entry " + (i + 1)
                    + ": expected an object with string fields \"name\" and \"type\", got " + quote(element.toString()));
        }
        if (!"file".equals(type) && !"directory".equals(type)) {
            return null;
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
        long size = size(url, i, entry);
        boolean directory = "directory".equals(type);
        return new Link(Links.encodeSegment(name) + (directory ? "/" : ""), directory, modified,
                size < 0 ? "-" : Long.toString(size), size);
    }

    private static Link caddyEntry(URI url, int i, JsonElement element) throws PermanentException {
        JsonObject entry = element.isJsonObject() ? element.getAsJsonObject() : null;
        String name = entry == null ? null : string(entry, "name");
        JsonElement isDir = entry == null ? null : entry.get("is_dir");
        if (name == null || isDir == null || !isDir.isJsonPrimitive() || !isDir.getAsJsonPrimitive().isBoolean()) {
            throw new PermanentException(url + ": malformed JSON listing: entry " + (i + 1)
                    + ": expected an object with \"name\" (a string) and \"is_dir\" (true or false), got " + quote(String.valueOf(element)));
        }
        boolean directory = isDir.getAsBoolean();
        if (directory && name.endsWith("/")) {
            name = name.substring(0, name.length() - 1);
        }
        String mtime = string(entry, "mod_time");
        Instant modified = mtime == null ? null : parseOrNull(mtime, value -> OffsetDateTime.parse(value).toInstant());
        long size = directory ? -1 : size(url, i, entry);
        return new Link(Links.encodeSegment(name) + (directory ? "/" : ""), directory, modified,
                size < 0 ? "-" : Long.toString(size), size);
    }

    private static long size(URI url, int i, JsonObject entry) throws PermanentException {
        JsonElement sizeElement = entry.get("size");
        if (sizeElement == null || sizeElement.isJsonNull()) {
            return -1;
        }
        long size;
        try {
            size = sizeElement.getAsLong();
        } catch (NumberFormatException | UnsupportedOperationException | IllegalStateException e) {
            size = -2;
        }
        if (size < 0) {
            throw new PermanentException(url + ": malformed JSON listing: entry " + (i + 1)
                    + ": \"size\": expected a whole number of bytes, got " + quote(sizeElement.toString()));
        }
        return size;
    }

    private static String string(JsonObject object, String field) {
        JsonElement value = object.get(field);
        return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString() ? value.getAsString() : null;
    }

    private static boolean isAnchor(Node node) {
        return node instanceof Element element && element.nameIs("a") && element.hasAttr("href");
    }

    private static Link link(String href, String tail) {
        Matcher matcher = DATE_AND_SIZE.matcher(tail);
        if (!matcher.find()) {
            return new Link(href, null, null, "-", -1);
        }
        Instant modified = date(matcher);
        String sizeText = matcher.group(13) == null ? "-" : matcher.group(13).replace(" ", "");
        return new Link(href, null, modified, sizeText, parseSize(sizeText));
    }

    private static Instant date(Matcher m) {
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
        return instant(year, month, day, Integer.parseInt(m.group(10)), Integer.parseInt(m.group(11)), second);
    }

    private static Instant instant(int year, int month, int day, int hour, int minute, int second) {
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC);
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

    /** @return a size given in bytes (1 to 18 ASCII digits), or -1 for anything else ("1.2M", "-", empty) */
    private static long parseSize(String text) {
        if (text.isEmpty() || text.length() > 18) {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(text);
    }

    private static Instant parseOrNull(String value, Function<String, Instant> parser) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return parser.apply(value.strip());
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** @return an element's visible text, non-breaking spaces as spaces, white space collapsed */
    private static String text(Element element) {
        return normalise(element.text());
    }

    /** Runs of white space (the regex {@code \s} and the no-break space) become one space; a loop, as it runs once per link. */
    private static String normalise(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean inSpace = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean space = c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r' || c == '\u00a0';
            if (!space) {
                out.append(c);
            } else if (!inSpace) {
                out.append(' ');
            }
            inSpace = space;
        }
        return out.toString().strip();
    }

    private static String quote(String text) {
        String cut = text.length() > MAX_QUOTE ? text.substring(0, MAX_QUOTE) + "…" : text;
        StringBuilder out = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> out.append(Character.isISOControl(c) ? "?" : Character.toString(c)));
        return out.toString();
    }
}
