package io.upgradeclient.api;

import java.util.Locale;

/**
 * The severity of a history event; stored as the seed's lower-case {@code log_level} words.
 */
public enum EventLevel {
    /** Detail for troubleshooting, such as a filter's reason to reject a file. */
    DEBUG,
    /** Normal progress: a change found, a file published. */
    INFO,
    /** Something odd that did not stop the work. */
    WARNING,
    /** A step failed. */
    ERROR;

    /**
     * @return the seed's column value: {@code debug}, {@code info}, {@code warning} or {@code error}
     */
    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads a seed {@code log_level} value; the original wrote some with trailing spaces and {@code warn}.
     *
     * @param column the stored value
     * @return the level
     * @throws IllegalArgumentException if the value names no level
     */
    public static EventLevel ofColumn(String column) {
        String word = column.strip().toUpperCase(Locale.ROOT);
        return "WARN".equals(word) ? WARNING : valueOf(word);
    }
}
