package io.upgradeclient.check.http.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * The rules for links found in listings, which are untrusted: only a direct child of the listed folder is kept
 * (so it is strictly below {@code base_url}: same scheme, host and port, the folder's path as prefix). Parent
 * links, sort links ({@code ?C=N;O=D}), links elsewhere, dot segments (also percent-encoded), encoded slashes
 * and names with control characters or invalid UTF-8 are dropped.
 */
final class Links {
    private static final String UNRESERVED = "-._~";
    private static final String RESERVED = ":/?#[]@!$&'()*+,;=";
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private Links() {
    }

    /**
     * @param folder the listed folder, absolute, with a path ending in {@code /}
     * @param link a link of its listing
     * @return the entry, or empty when the link must not be followed
     */
    static Optional<ListingEntry> child(URI folder, ListingParser.Link link) {
        String href = link.href();
        if (href.isEmpty() || hasControl(href) || href.indexOf('?') >= 0 || href.indexOf('#') >= 0) {
            return Optional.empty();
        }
        String rest = isPlainSegment(href) ? href : resolvedBelow(folder, href);
        if (rest == null) {
            return Optional.empty();
        }
        boolean directory = rest.endsWith("/");
        String segment = directory ? rest.substring(0, rest.length() - 1) : rest;
        if (segment.isEmpty() || segment.indexOf('/') >= 0 || (link.directory() != null && link.directory() != directory)) {
            return Optional.empty();
        }
        Optional<String> name = decode(segment);
        if (name.isEmpty() || !isSafeName(name.get())) {
            return Optional.empty();
        }
        return Optional.of(new ListingEntry(folder, segment, name.get(), directory, directory ? -1 : link.size(),
                link.sizeText(), link.modified()));
    }

    /**
     * Whether a link is one path segment, optionally ending in {@code /}, made only of characters a URI path takes
     * as they are, and no dot segment: such a link names the folder's path plus itself, so it needs none of the
     * parsing and resolving of {@link #resolvedBelow} — nearly every link of a listing is one, and that route parsed
     * each of them three times.
     */
    static boolean isPlainSegment(String href) {
        int end = href.endsWith("/") ? href.length() - 1 : href.length();
        if (end == 0 || href.equals(".") || href.startsWith("./") || href.equals("..") || href.startsWith("../")) {
            return false;
        }
        for (int i = 0; i < end; i++) {
            char c = href.charAt(i);
            boolean plain = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~!$&'()*+,;=@".indexOf(c) >= 0;
            if (c == '%') {
                if (i + 2 >= end || !isHex(href.charAt(i + 1)) || !isHex(href.charAt(i + 2))) {
                    return false;
                }
                i += 2;
            } else if (!plain) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    /**
     * @return the link's encoded path below the folder when it resolves into it on the same origin without user
     *         info, query or fragment, else {@code null}
     */
    static String resolvedBelow(URI folder, String href) {
        URI reference;
        try {
            reference = new URI(encodeIllegal(href));
        } catch (URISyntaxException e) {
            return null;
        }
        String rawPath = reference.getRawPath();
        if (rawPath == null || hasDotSegment(rawPath)) {
            return null;
        }
        URI resolved = folder.resolve(reference);
        if (!sameOrigin(folder, resolved) || resolved.getRawUserInfo() != null || resolved.getRawQuery() != null
                || resolved.getRawFragment() != null || resolved.getRawPath() == null) {
            return null;
        }
        String folderPath = folder.getRawPath();
        String path = resolved.getRawPath();
        if (!path.startsWith(folderPath) || path.length() == folderPath.length()) {
            return null;
        }
        return path.substring(folderPath.length());
    }

    /**
     * Tells a hostile link from the ordinary ones a listing page holds (parent, sort and site links): one that tries
     * to climb out of the folder or carries characters no file name has.
     *
     * @param link a link of a listing that {@link #child} refused
     * @return why it is unsafe, or empty when it is merely not a child of the folder
     */
    static Optional<String> unsafe(ListingParser.Link link) {
        String href = link.href();
        if (hasControl(href)) {
            return Optional.of("control characters");
        }
        String path = href.replaceAll("[?#].*", "");
        String decoded = decode(path).orElse(path);
        if (path.equals("../") || path.equals("..") || path.startsWith("/") || path.contains("://")) {
            return Optional.empty();
        }
        if (hasDotSegment(path) || hasDotSegment(decoded) || decoded.indexOf('\\') >= 0
                || hasControl(decoded) || !decoded.equals(path) && decoded.indexOf('/') >= 0
                && decoded.indexOf('/') < decoded.length() - 1) {
            return Optional.of("a path that leaves the folder or an encoded separator");
        }
        return Optional.empty();
    }

    /**
     * @param base the check's base URL
     * @param url a URL below it
     * @return the first path segment of {@code url} below {@code base}, decoded, or empty for a file directly in it
     */
    static String firstSegment(URI base, URI url) {
        String rest = url.getRawPath().substring(base.getRawPath().length());
        int slash = rest.indexOf('/');
        return slash < 0 ? "" : decode(rest.substring(0, slash)).orElse("");
    }

    /**
     * Whether two URLs share scheme, host and port (the default port counting as given).
     */
    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && b.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null && b.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /**
     * @return whether {@code url} lies strictly below {@code base} (same origin, base path as prefix)
     */
    static boolean isBelow(URI base, URI url) {
        return sameOrigin(base, url) && url.getRawPath() != null && url.getRawPath().startsWith(base.getRawPath())
                && url.getRawQuery() == null && !hasDotSegment(url.getRawPath());
    }

    private static boolean hasDotSegment(String rawPath) {
        for (String segment : rawPath.split("/", -1)) {
            String decoded = decode(segment).orElse(segment);
            if (".".equals(decoded) || "..".equals(decoded)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSafeName(String name) {
        return !name.isBlank() && !".".equals(name) && !"..".equals(name) && name.indexOf('/') < 0 && name.indexOf('\\') < 0
                && !hasControl(name);
    }

    /** A loop, not a stream: it runs for every link of every listing (the stream was a tenth of a no-change check). */
    private static boolean hasControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Percent-decodes a path segment strictly: malformed escapes or bytes that are not UTF-8 give empty.
     */
    static Optional<String> decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return Optional.of(segment);
        }
        ByteBuffer bytes = ByteBuffer.allocate(segment.length() * 3);
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                if (i + 2 >= segment.length() || Character.digit(segment.charAt(i + 1), 16) < 0
                        || Character.digit(segment.charAt(i + 2), 16) < 0) {
                    return Optional.empty();
                }
                bytes.put((byte) Integer.parseInt(segment.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.put(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        bytes.flip();
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes);
            return Optional.of(chars.toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /**
     * @return {@code name} as one percent-encoded path segment (UTF-8), for names that JSON listings give raw
     */
    static String encodeSegment(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 0x80 && (Character.isLetterOrDigit(c) || UNRESERVED.indexOf(c) >= 0)) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX.toHexDigits((byte) c));
            }
        }
        return out.toString();
    }

    /**
     * Servers do not always escape what they put into {@code href} (spaces, UTF-8 names); encode what a URI
     * cannot hold, leaving valid escapes and URI syntax alone.
     */
    static String encodeIllegal(String href) {
        StringBuilder out = new StringBuilder(href.length());
        byte[] bytes = href.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int c = bytes[i] & 0xff;
            boolean validEscape = c == '%' && i + 2 < bytes.length && Character.digit(bytes[i + 1], 16) >= 0
                    && Character.digit(bytes[i + 2], 16) >= 0;
            if (validEscape || (c < 0x80 && (Character.isLetterOrDigit(c) || UNRESERVED.indexOf(c) >= 0 || RESERVED.indexOf(c) >= 0))) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX.toHexDigits((byte) c));
            }
        }
        return out.toString();
    }

    /**
     * @return {@code uri} with its scheme and host in lower case and a path ending in {@code /}
     */
    static URI asFolder(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String folderPath = path.endsWith("/") ? path : path + "/";
        String port = uri.getPort() >= 0 ? ":" + uri.getPort() : "";
        return URI.create(uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT) + port + folderPath);
    }
}
