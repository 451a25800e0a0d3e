package io.upgradeclient.filter.internal;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Folder arithmetic on file URLs that compares whole path segments. The original service matched a release
 * note's folder as a substring of a firmware URL, so {@code …/IPC_X_S38} also captured {@code …/IPC_X_S38_XM711/…};
 * these helpers never do. Percent-encoding differences ({@code %E6%B5%B7} vs {@code 海}) do not matter.
 */
public final class Folders {
    private Folders() {
    }

    /**
     * @param a a folder URL, with or without a trailing slash
     * @param b another folder URL
     * @return whether both name exactly the same folder: same scheme, host, port and decoded path segments
     */
    public static boolean sameFolder(URI a, URI b) {
        return sameServer(a, b) && segments(a).equals(segments(b));
    }

    /**
     * @param file a file URL
     * @return the URL of the folder holding it, with a trailing slash
     */
    public static URI parent(URI file) {
        if (file.isOpaque()) {
            // URI.resolve leaves opaque URIs alone: cut rclone's remote:folder/file at its last slash instead
            String path = file.getRawSchemeSpecificPart();
            return URI.create(file.getScheme() + ":" + path.substring(0, path.lastIndexOf('/') + 1));
        }
        return file.resolve(".");
    }

    /**
     * @param file a file URL
     * @param folder a folder URL
     * @return whether the file lies in that folder or in a folder below it, comparing whole segments
     */
    public static boolean isWithin(URI file, URI folder) {
        if (!sameServer(file, folder)) {
            return false;
        }
        List<String> fileSegments = segments(file);
        List<String> folderSegments = segments(folder);
        return fileSegments.size() > folderSegments.size()
                && fileSegments.subList(0, folderSegments.size()).equals(folderSegments);
    }

    /**
     * @param base a check's base URL (a folder)
     * @param file a file URL found below it
     * @return the file's decoded path below the base, without a leading slash; the whole decoded path when the
     *         file does not lie below the base
     */
    public static String relativePath(URI base, URI file) {
        List<String> fileSegments = segments(file);
        if (isWithin(file, base)) {
            return String.join("/", fileSegments.subList(segments(base).size(), fileSegments.size()));
        }
        return String.join("/", fileSegments);
    }

    private static boolean sameServer(URI a, URI b) {
        return Objects.equals(lower(a.getScheme()), lower(b.getScheme())) && Objects.equals(lower(a.getHost()), lower(b.getHost()))
                && a.getPort() == b.getPort() && Objects.equals(a.getUserInfo(), b.getUserInfo());
    }

    private static String lower(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }

    /** An opaque URI such as rclone's {@code remote:folder/file} has no path of its own: its scheme-specific part is. */
    private static List<String> segments(URI uri) {
        String path = uri.isOpaque() ? uri.getSchemeSpecificPart() : uri.normalize().getPath();
        if (path == null) {
            return List.of();
        }
        return Arrays.stream(path.split("/")).filter(segment -> !segment.isEmpty()).toList();
    }
}
