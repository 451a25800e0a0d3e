package io.upgradeclient.api;

import java.util.Map;
import java.util.Objects;

/**
 * One configured publishing target: a section of {@code upload.json}, such as the seed's
 * {@code "<relation_name>": {"rsync": {...}}}. {@link #toString()} never shows secrets.
 *
 * @param ref the section's name and the uploader type that handles it
 * @param settings the section's keys and values ({@code serverip}, {@code password}…), as strings
 */
public record UploadTarget(TargetRef ref, Map<String, String> settings) {
    /**
     * @throws NullPointerException if a value is {@code null}
     */
    public UploadTarget {
        Objects.requireNonNull(ref, "ref");
        settings = Map.copyOf(settings);
    }

    @Override
    public String toString() {
        return "UploadTarget[ref=" + ref + ", settings=" + Secrets.masked(settings) + "]";
    }
}
