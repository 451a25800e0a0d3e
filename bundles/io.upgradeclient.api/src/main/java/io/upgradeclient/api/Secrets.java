package io.upgradeclient.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The one rule deciding which settings are secrets, so that logs, the UI, the history and service listings
 * all hide the same keys.
 */
public final class Secrets {
    /** What a secret value is shown as. */
    public static final String MASK = "********";

    private static final String[] SECRET_WORDS = {"pass", "secret", "token", "credential", "private", "apikey", "api_key",
        // request headers of webhooks (header.Authorization …) carry tokens under names we cannot foresee
        "header"};

    private Secrets() {
    }

    /**
     * @param key a setting or property name, such as {@code auth_pass}, {@code smtp_pass} or {@code password}
     * @return whether the value of that key must never be shown; a {@code *_file} key holds the path of a secret's
     *     file ({@link SectionSettings#secret}), which is shown
     */
    public static boolean isSecret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        if (lower.endsWith(SectionSettings.FILE_SUFFIX)) {
            return false;
        }
        for (String word : SECRET_WORDS) {
            if (lower.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param settings any settings; not modified
     * @return an unmodifiable copy, in the same order, with the value of every secret key replaced by {@link #MASK}
     *         (empty secrets stay empty, so "not set" is still visible)
     */
    public static <V> Map<String, Object> masked(Map<String, V> settings) {
        Map<String, Object> copy = new LinkedHashMap<>();
        settings.forEach((key, value) -> copy.put(key, isSecret(key) && !isEmpty(value) ? MASK : value));
        return Collections.unmodifiableMap(copy);
    }

    private static boolean isEmpty(Object value) {
        return value == null || value.toString().isEmpty();
    }
}
