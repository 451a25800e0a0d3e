package io.upgradeclient.api;

import java.util.Objects;

/**
 * A reference from a check to a configured section of another plugin: the seed's
 * {@code {relation_name, relation_type}} pairs of {@code upload[]} and {@code alert.medias[]}.
 *
 * @param name the section name in {@code upload.json} or {@code alert.json} ({@code relation_name})
 * @param type the plugin type that handles it ({@code relation_type}, e.g. {@code rsync}, {@code email})
 */
public record TargetRef(String name, String type) {
    /**
     * @throws IllegalArgumentException if either value is blank
     */
    public TargetRef {
        requireText(name, "name");
        requireText(type, "type");
    }

    static String requireText(String value, String field) {
        Objects.requireNonNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return value;
    }
}
