package io.upgradeclient.filter.internal;

import java.util.ArrayList;
import java.util.List;

import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.PermanentException;

/**
 * Reads a check's plugin options ({@code option.<key>} in the check's configuration, without the prefix in
 * {@link CheckDefinition#options()}); errors name the check and the option as the operator wrote it.
 */
final class Options {
    private Options() {
    }

    /**
     * @return the option's value, stripped; empty when not set
     */
    static String text(CheckDefinition check, String key) {
        return check.options().getOrDefault(key, "").strip();
    }

    /**
     * @return the option as a non-negative whole number, or {@code -1} when not set
     * @throws PermanentException when it is set but not a non-negative whole number
     */
    static long number(CheckDefinition check, String key) throws PermanentException {
        String value = text(check, key);
        if (value.isEmpty()) {
            return -1;
        }
        try {
            long number = Long.parseLong(value);
            if (number >= 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below, with the same message as a negative number
        }
        throw new PermanentException(where(check, key) + ": expected a whole number of 0 or more, was '" + value + "'");
    }

    /**
     * Splits a comma-separated list, leaving commas inside {@code {…}} alone so that a glob like
     * {@code *.{bin,img}} stays one pattern.
     *
     * @return the non-empty entries, stripped
     */
    static List<String> list(String value) {
        List<String> entries = new ArrayList<>();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == ',' && depth == 0) {
                add(entries, current);
                current.setLength(0);
                continue;
            }
            if (c == '{') {
                depth++;
            } else if (c == '}' && depth > 0) {
                depth--;
            }
            current.append(c);
        }
        add(entries, current);
        return entries;
    }

    private static void add(List<String> entries, CharSequence entry) {
        String stripped = entry.toString().strip();
        if (!stripped.isEmpty()) {
            entries.add(stripped);
        }
    }

    /**
     * @return where an option comes from, for error messages: {@code check 'x': option.key}
     */
    static String where(CheckDefinition check, String key) {
        return "check '" + check.name() + "': option." + key;
    }
}
