package io.upgradeclient.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The framework properties upgradeclient runs with: the defaults shipped in {@code framework.properties}, with
 * {@code ${upgradeclient.home}} and other {@code ${...}} references resolved, and any Java system property of the
 * same name taking precedence — except the web server's port and host that {@code config/upgradeclient.yaml} names,
 * which win as they do once the config bundle runs ({@link YamlWebSettings}). The launcher and the integration tests both boot Felix with these.
 */
public final class FrameworkSettings {
    /** The property holding the distribution folder. */
    public static final String HOME = "upgradeclient.home";
    /** Symbolic names of the bundles started at start level 1, before everything else. */
    public static final String EARLY_BUNDLES = "upgradeclient.bundles.early";

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}]+)}");

    private FrameworkSettings() {
    }

    /**
     * @param home the distribution folder
     * @param overrides properties that win over the defaults (usually {@link System#getProperties()})
     * @return the framework properties, references resolved
     */
    public static Map<String, String> forHome(Path home, Properties overrides) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(HOME, home.toAbsolutePath().normalize().toString());
        Properties defaults = defaults();
        for (String key : defaults.stringPropertyNames()) {
            settings.put(key, defaults.getProperty(key));
        }
        for (String key : settings.keySet().toArray(String[]::new)) {
            String override = overrides.getProperty(key);
            if (override != null && !HOME.equals(key)) {
                settings.put(key, override);
            }
        }
        // Last, as at run time, where the config bundle applies upgradeclient.yaml's web settings over the rest.
        settings.putAll(YamlWebSettings.read(home.resolve("config/upgradeclient.yaml")));
        settings.replaceAll((key, value) -> resolve(value, settings));
        return settings;
    }

    private static Properties defaults() {
        Properties defaults = new Properties();
        try (InputStream in = FrameworkSettings.class.getResourceAsStream("framework.properties")) {
            defaults.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the launcher's framework.properties", e);
        }
        return defaults;
    }

    private static String resolve(String value, Map<String, String> settings) {
        Matcher reference = REFERENCE.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (reference.find()) {
            String name = reference.group(1);
            String replacement = settings.getOrDefault(name, System.getProperty(name, reference.group()));
            reference.appendReplacement(resolved, Matcher.quoteReplacement(replacement));
        }
        return reference.appendTail(resolved).toString();
    }
}
