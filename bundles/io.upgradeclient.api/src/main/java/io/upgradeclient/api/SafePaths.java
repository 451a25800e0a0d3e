package io.upgradeclient.api;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The one gate between names from remote sources and the local file system. Remote names are untrusted: a
 * listing, a log or a zip may hold {@code ..}, absolute paths, control characters or separators inside a name.
 */
public final class SafePaths {
    /** The longest file or folder name accepted, in UTF-8 bytes. */
    public static final int MAX_NAME_BYTES = 255;

    private SafePaths() {
    }

    /**
     * Checks one path segment (a file or folder name) from a remote source.
     *
     * @param segment the decoded name
     * @return the name, unchanged, when it is safe
     * @throws PermanentException if it is empty, {@code .} or {@code ..}, longer than {@value #MAX_NAME_BYTES}
     *         bytes in UTF-8 (what file systems take), or contains {@code /}, {@code \}, a NUL or another control
     *         character
     */
    public static String segment(String segment) throws PermanentException {
        if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
            throw new PermanentException("unsafe name from a remote source: '" + printable(segment) + "'");
        }
        if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new PermanentException("name from a remote source longer than " + MAX_NAME_BYTES + " bytes: '"
                    + printable(segment.substring(0, Math.min(segment.length(), 64))) + "…'");
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '/' || c == '\\' || Character.isISOControl(c)) {
                throw new PermanentException("unsafe name from a remote source: '" + printable(segment) + "'");
            }
        }
        return segment;
    }

    /**
     * The name a file is written under before it is renamed into place atomically: {@code .<name><suffix>}, so a
     * reader of the folder never takes it for a published file. A name that would pass {@value #MAX_NAME_BYTES}
     * bytes with the dot and suffix (a 242-byte firmware name and {@code .staging.part}) becomes
     * {@code .<first 32 hex digits of SHA-256(name)><suffix>} instead — still fixed per name, so the retry after a
     * crash mid-write takes the leftover over.
     *
     * @param target the file to be written
     * @param suffix what marks the temporary file ({@code .staging.part}); at most 64 bytes
     * @return the temporary file's name, at most {@value #MAX_NAME_BYTES} bytes in UTF-8
     */
    public static String temporaryName(Path target, String suffix) {
        String name = target.getFileName().toString();
        String plain = "." + name + suffix;
        if (plain.getBytes(StandardCharsets.UTF_8).length <= MAX_NAME_BYTES) {
            return plain;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return "." + HexFormat.of().formatHex(digest, 0, 16) + suffix;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * Checks that every name of a relative path fits a file system's name limit.
     *
     * @param relative a path about to be created
     * @return the path, unchanged
     * @throws PermanentException naming the segment and the limit of {@value #MAX_NAME_BYTES} bytes when one is
     *         longer: no retry makes such a name fit
     */
    public static Path fitsNameLimit(Path relative) throws PermanentException {
        for (Path segment : relative) {
            int bytes = segment.toString().getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_NAME_BYTES) {
                throw new PermanentException("the name '" + printable(segment.toString().substring(0, Math.min(segment.toString().length(), 64)))
                        + "…' has " + bytes + " bytes; file systems take at most " + MAX_NAME_BYTES + " bytes per name");
            }
        }
        return relative;
    }

    /**
     * Resolves a remote file's location below a local root, keeping the folders below the source's base URL.
     *
     * @param root the local folder everything must stay in
     * @param base the source's base URL (a folder; ends with {@code /}); for an opaque URI such as
     *        {@code remote:folder/}, the scheme-specific part is the path
     * @param file a file URL below {@code base}
     * @return the relative path of the file below {@code root} (every segment checked by {@link #segment(String)})
     * @throws PermanentException if the file is not below the base URL or a segment is unsafe
     */
    public static Path relativeBelow(Path root, URI base, URI file) throws PermanentException {
        String basePath = rawPath(base.normalize());
        String filePath = rawPath(file);
        if (!sameServer(base, file) || basePath == null || filePath == null || !filePath.startsWith(basePath.endsWith("/") ? basePath : basePath + "/")) {
            throw new PermanentException("file " + file + " is not below the source " + base);
        }
        List<String> segments = new ArrayList<>();
        for (String raw : filePath.substring(basePath.length()).split("/")) {
            if (!raw.isEmpty()) {
                segments.add(segment(URI.create("x:/" + raw).getPath().substring(1)));
            }
        }
        if (segments.isEmpty()) {
            throw new PermanentException("file " + file + " names the source folder itself");
        }
        Path relative = Path.of(segments.get(0), segments.subList(1, segments.size()).toArray(String[]::new));
        if (!root.resolve(relative).normalize().startsWith(root.normalize())) {
            throw new PermanentException("file " + file + " would leave " + root);
        }
        return relative;
    }

    /** An opaque URI such as rclone's {@code remote:folder/file} has no path of its own: its scheme-specific part is. */
    private static String rawPath(URI uri) {
        return uri.isOpaque() ? uri.getRawSchemeSpecificPart() : uri.getRawPath();
    }

    private static boolean sameServer(URI a, URI b) {
        return equalsIgnoreCase(a.getScheme(), b.getScheme()) && equalsIgnoreCase(a.getHost(), b.getHost()) && a.getPort() == b.getPort();
    }

    private static boolean equalsIgnoreCase(String a, String b) {
        return a == null ? b == null : a.equalsIgnoreCase(b);
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
