package io.upgradeclient.check.http.internal;

import java.net.URI;
import java.time.Instant;

/**
 * One accepted entry of a folder listing: a direct child of the folder, below the check's base URL.
 *
 * @param folder the URL of the folder listed, ending with {@code /}
 * @param segment the child's last path segment as the server encoded it (no slash)
 * @param name {@code segment} percent-decoded; free of control characters, slashes and dot segments
 * @param directory whether the child is a folder
 * @param size the size in bytes, or {@code -1} when the listing gives none or only a rounded one ({@code 1.2M})
 * @param sizeText the size as listed ({@code 1234}, {@code 1.2M}), or {@code -} when none is listed
 * @param modified the modification time, or {@code null} when the listing gives none
 */
record ListingEntry(URI folder, String segment, String name, boolean directory, long size, String sizeText, Instant modified) {

    /**
     * Made when asked, not for every entry: a run over an unchanged tree needs the URL of its folders and changes
     * only, and parsing 10,000 absolute URLs was the largest part of such a run after the page parsing.
     *
     * @return the child's absolute URL, percent-encoded; folders end with {@code /}
     */
    URI url() {
        return URI.create(folder + relative());
    }

    /** @return the child's path relative to its folder, percent-encoded: {@code segment}, with a {@code /} for a folder */
    String relative() {
        return directory ? segment + "/" : segment;
    }

    /**
     * @return the version mark the listing allows: size and modification time, so that a change of either is a
     *         change of the file
     */
    String revision() {
        return sizeText + ":" + (modified == null ? "" : Long.toString(modified.getEpochSecond()));
    }
}
