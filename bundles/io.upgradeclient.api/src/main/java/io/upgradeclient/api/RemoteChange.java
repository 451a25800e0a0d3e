package io.upgradeclient.api;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * One changed file found by a {@link Checker}, with the seed's history columns.
 *
 * @param action added or modified ({@code last_action})
 * @param url where the file is fetched from ({@code file_url}), percent-encoded
 * @param fileName the file's name, decoded ({@code file_name}); untrusted: may hold any characters
 * @param fileType the first path segment below the check's base URL ({@code file_type}), or empty
 * @param author who made the change ({@code last_author}), or empty when the source does not say
 * @param changedAt when the change was made ({@code last_date})
 * @param revision the source's revision, ETag or other version mark ({@code last_revision}), or empty
 * @param size the file size in bytes, or {@code -1} when unknown
 */
public record RemoteChange(
        ChangeAction action,
        URI url,
        String fileName,
        String fileType,
        String author,
        Instant changedAt,
        String revision,
        long size) {

    /**
     * @throws IllegalArgumentException if the file name is blank or the size is below {@code -1}
     */
    public RemoteChange {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(url, "url");
        TargetRef.requireText(fileName, "fileName");
        Objects.requireNonNull(fileType, "fileType");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(changedAt, "changedAt");
        Objects.requireNonNull(revision, "revision");
        if (size < -1) {
            throw new IllegalArgumentException("size must be -1 (unknown) or more, was " + size);
        }
    }

    /**
     * The key that makes a change unique within a check: the same key is never processed twice.
     *
     * @return the URL and revision joined
     */
    public String identity() {
        return url + "@" + revision;
    }
}
