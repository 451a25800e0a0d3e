package io.upgradeclient.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    /** What a key naming a secret's file ends with: {@code password_file} holds the path of the password. */
    public static final String FILE_SUFFIX = "_file";
    /** The system property holding the distribution folder, against which relative secret files are resolved. */
    public static final String HOME = "upgradeclient.home";

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
     * A secret setting, given inline ({@code password}) or as a file ({@code password_file}: the path of a file
     * holding only the secret, absolute or relative to the distribution folder, system property
     * {@value #HOME}), so that configuration files can be committed without the secret. The file is read at each
     * call, so a rotated secret applies at once; one trailing line break is not part of the secret. Setting both
     * is an error.
     *
     * @param key the secret's setting, e.g. {@code password}
     * @return the secret, empty when neither is set
     * @throws PermanentException if both are set or the file cannot be read; the message names the setting and the
     *     file, never the secret
     */
    public String secret(String key) throws PermanentException {
        String fileKey = key + FILE_SUFFIX;
        String inline = text(key);
        String file = text(fileKey);
        if (file.isEmpty()) {
            return inline;
        }
        if (!inline.isEmpty()) {
            throw new PermanentException(section + ": settings '" + key + "' and '" + fileKey + "': expected only one of them");
        }
        Path path = Path.of(System.getProperty(HOME, ".")).resolve(file);
        try {
            String content = Files.readString(path, StandardCharsets.UTF_8);
            return content.endsWith("\r\n") ? content.substring(0, content.length() - 2)
                    : content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
        } catch (IOException e) {
            throw new PermanentException(section + ": setting '" + fileKey + "': cannot read " + path + ": " + e.getClass().getSimpleName(), e);
        }
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
