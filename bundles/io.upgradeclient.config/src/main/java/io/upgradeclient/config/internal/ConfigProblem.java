package io.upgradeclient.config.internal;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What is wrong with a configuration file, precise enough to fix it without guessing.
 *
 * @param file the file
 * @param line the line, counted from 1, or {@code 0} when the parser cannot tell
 * @param field the field, as a path such as {@code alert.medias[0].to}, or what failed ({@code JSON syntax})
 * @param expected what was expected, and what was found when it is no secret
 */
record ConfigProblem(Path file, int line, String field, String expected) {
    ConfigProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(expected, "expected");
    }

    /**
     * @return {@code file:line: field: what is wrong}; without {@code :line} when the line is unknown
     */
    String message() {
        return file + (line > 0 ? ":" + line : "") + ": " + field + ": " + expected;
    }
}
