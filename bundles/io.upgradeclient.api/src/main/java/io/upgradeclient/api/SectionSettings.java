package io.upgradeclient.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the string settings of one configuration section ({@code upload.json}, {@code alert.json}) the way the
 * seed's files write them: numbers as numbers or strings, empty meaning "the default", and every wrong value a
 * {@link PermanentException} naming the section, the key and what was expected.
 */
public final class SectionSettings {
    private static final Pattern DIGITS = Pattern.compile("\\d{1,9}");

    /** Properties every section configuration carries that are not the plugin's settings. */
    private static final Set<String> BOOKKEEPING = Set.of("name", "type", "service.pid", "service.factoryPid",
            "component.name", "component.id", "upgradeclient.origin", "source_file", "felix.fileinstall.filename",
            "webconsole.configurationFactory.nameHint");

    private final String section;
    private final Map<String, String> settings;

    /**
     * @param section how messages name the section, e.g. {@code upload 'default'}
     * @param settings the section's keys and values
     */
    public SectionSettings(String section, Map<String, String> settings) {
        this.section = Objects.requireNonNull(section, "section");
        this.settings = Map.copyOf(settings);
    }

    /**
     * The plugin's settings in a section's configuration (factory PIDs {@code io.upgradeclient.upload} and
     * {@code io.upgradeclient.alert}): every property but the section's name and type and what Config Admin, SCR,
     * FileInstall and the config bundle add.
     *
     * @param properties a section configuration's properties
     * @return the settings as strings, in the configuration's order
     */
    public static Map<String, String> of(Map<String, ?> properties) {
        Map<String, String> settings = new LinkedHashMap<>();
        properties.forEach((key, value) -> {
            if (!BOOKKEEPING.contains(key) && value != null) {
                settings.put(key, value.toString());
            }
        });
        return Collections.unmodifiableMap(settings);
    }

    /**
     * @param key a setting
     * @return its value without surrounding white space, empty when not set
     */
    public String text(String key) {
        String value = settings.get(key);
        return value == null ? "" : value.strip();
    }

    /**
     * @param key a setting
     * @param fallback the value when it is not set or empty
     * @return the whole number
     * @throws PermanentException if it is set to something else than a whole number
     */
    public int number(String key, int fallback) throws PermanentException {
        String value = text(key);
        if (value.isEmpty()) {
            return fallback;
        }
        if (!DIGITS.matcher(value).matches()) {
            throw invalid(key, "a whole number");
        }
        return Integer.parseInt(value);
    }

    /**
     * @param key a setting
     * @param fallback the value when it is not set or empty
     * @return {@code true} or {@code false}, in any case
     * @throws PermanentException if it is set to something else
     */
    public boolean flag(String key, boolean fallback) throws PermanentException {
        return switch (text(key).toLowerCase(Locale.ROOT)) {
            case "" -> fallback;
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(key, "true or false");
        };
    }

    /**
     * @param key the setting that is wrong
     * @param expected what it should hold, in words
     * @return the failure to throw; it never quotes the value, which may be a secret
     */
    public PermanentException invalid(String key, String expected) {
        return new PermanentException(section + ": setting '" + key + "': expected " + expected);
    }
}
