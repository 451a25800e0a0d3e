package io.upgradeclient.api;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A remote file, complete and verified, in the local cache.
 *
 * @param change the change it was fetched for
 * @param file where it lies; it was renamed there atomically, so it is never partial
 * @param size its size in bytes
 * @param sha256 its SHA-256, 64 lower-case hex digits
 */
public record DownloadedFile(RemoteChange change, Path file, long size, String sha256) {
    /**
     * @throws IllegalArgumentException if the size is negative or the checksum is not 64 hex digits
     */
    public DownloadedFile {
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(file, "file");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative, was " + size);
        }
        requireSha256(sha256);
    }

    static void requireSha256(String sha256) {
        Objects.requireNonNull(sha256, "sha256");
        if (sha256.length() != 64 || !sha256.chars().allMatch(c -> HexFormat.isHexDigit(c) && !Character.isUpperCase(c))) {
            throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits, was '" + sha256 + "'");
        }
    }
}
