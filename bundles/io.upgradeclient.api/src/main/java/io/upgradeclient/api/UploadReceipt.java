package io.upgradeclient.api;

import java.util.Objects;

/**
 * What an {@link Uploader} did for one artifact and target.
 *
 * @param bytes the bytes sent (0 when the target already had everything)
 * @param detail a one-line summary for the history, e.g. the files transferred; never a secret
 */
public record UploadReceipt(long bytes, String detail) {
    /**
     * @throws IllegalArgumentException if {@code bytes} is negative
     */
    public UploadReceipt {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative, was " + bytes);
        }
        Objects.requireNonNull(detail, "detail");
    }
}
