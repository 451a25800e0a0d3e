package io.upgradeclient.check.svn.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.upgradeclient.api.ChangeAction;
import io.upgradeclient.api.RemoteChange;

/**
 * Turns the changed paths of consecutive revisions into one change per file below the watched folder. Each file
 * is reported once, with its last change; the result is ordered by that last change, oldest first. A file deleted
 * again before the run ends is not reported. Not thread-safe: one instance per check run.
 */
final class ChangeCollector {
    private final String root;
    private final String prefix;
    private final Map<String, RemoteChange> byPath = new LinkedHashMap<>();

    /**
     * @param root the repository root URL, percent-encoded, without a trailing slash
     * @param basePath the watched folder's repository path, decoded, e.g. {@code /trunk} or {@code /}
     */
    ChangeCollector(String root, String basePath) {
        this.root = root;
        this.prefix = basePath.endsWith("/") ? basePath : basePath + "/";
    }

    /**
     * @param path a repository path
     * @return whether it lies below the watched folder (the folder itself does not)
     */
    boolean isBelow(String path) {
        return path.startsWith(prefix) && path.length() > prefix.length();
    }

    /**
     * Records a file's change, replacing an earlier change of the same file.
     *
     * @param action the svn action: {@code A} is added, {@code M} and {@code R} (replaced) are modified
     * @param path the file's repository path, below the watched folder
     * @param author who committed it
     * @param date when
     * @param revision in which revision
     * @param size its size, or {@code -1} when unknown
     */
    void file(String action, String path, String author, Instant date, long revision, long size) {
        String relative = path.substring(prefix.length());
        int slash = relative.indexOf('/');
        String fileType = slash < 0 ? "" : relative.substring(0, slash);
        String name = relative.substring(relative.lastIndexOf('/') + 1);
        ChangeAction changeAction = "A".equals(action) ? ChangeAction.ADDED : ChangeAction.MODIFIED;
        byPath.remove(path);
        byPath.put(path, new RemoteChange(changeAction, url(path), name, fileType, author, date,
                Long.toString(revision), size));
    }

    /**
     * Forgets a deleted path and, when it was a folder, everything below it.
     *
     * @param path the deleted repository path
     */
    void deleted(String path) {
        String below = path + "/";
        byPath.keySet().removeIf(known -> known.equals(path) || known.startsWith(below));
    }

    /** @return one change per file, ordered by its last change, oldest first */
    List<RemoteChange> changes() {
        return new ArrayList<>(byPath.values());
    }

    /**
     * @param path a repository path, decoded
     * @return its URL: the root plus the path with every segment percent-encoded as UTF-8
     */
    URI url(String path) {
        StringBuilder url = new StringBuilder(root);
        for (String segment : path.substring(1).split("/", -1)) {
            url.append('/').append(encodeSegment(segment));
        }
        return URI.create(url.toString());
    }

    /**
     * @param segment one path segment, decoded
     * @return it percent-encoded: every byte outside RFC 3986's unreserved characters becomes {@code %XX}
     */
    static String encodeSegment(String segment) {
        StringBuilder out = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
