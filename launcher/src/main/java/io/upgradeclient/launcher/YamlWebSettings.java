package io.upgradeclient.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web server's port and host from {@code config/upgradeclient.yaml}, read before the framework starts. The
 * config bundle applies them to Felix HTTP too, but only once it runs: until then Jetty would start on the default
 * port, and restart on the configured one — logging a bind failure and Felix HTTP's follow-up
 * {@code NullPointerException} whenever the default port is taken by another program. Starting Jetty on the
 * configured port from the beginning avoids that race.
 *
 * <p>Reads the block form the shipped file uses ({@code web:} with indented {@code port:} and {@code host:}
 * lines); any other form is left to the config bundle, which reads full YAML and applies it once it runs.
 */
final class YamlWebSettings {
    private static final Pattern SECTION = Pattern.compile("^(\\S[^:#]*):\\s*(#.*)?$");
    private static final Pattern ENTRY = Pattern.compile("^\\s+(port|host):\\s*([^#\\s]+)\\s*(#.*)?$");
    private static final Map<String, String> PROPERTIES = Map.of("port", "org.osgi.service.http.port",
            "host", "org.apache.felix.http.host");

    private YamlWebSettings() {
    }

    /**
     * @param yaml the settings file
     * @return the framework properties it names ({@code org.osgi.service.http.port}, {@code org.apache.felix.http.host}),
     *         empty when the file or its {@code web:} block is missing
     */
    static Map<String, String> read(Path yaml) {
        List<String> lines;
        try {
            lines = Files.readAllLines(yaml, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            // The config bundle reports an unreadable file; the framework starts on its defaults meanwhile.
            return Map.of();
        }
        Map<String, String> found = new LinkedHashMap<>();
        boolean inWeb = false;
        for (String line : lines) {
            Matcher section = SECTION.matcher(line);
            if (section.matches()) {
                inWeb = section.group(1).strip().equals("web");
                continue;
            }
            if (!line.isBlank() && !Character.isWhitespace(line.charAt(0)) && !line.startsWith("#")) {
                inWeb = false;
                continue;
            }
            Matcher entry = ENTRY.matcher(line);
            if (inWeb && entry.matches()) {
                found.put(PROPERTIES.get(entry.group(1)), unquoted(entry.group(2)));
            }
        }
        return found;
    }

    private static String unquoted(String value) {
        boolean quoted = value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"));
        return quoted ? value.substring(1, value.length() - 1) : value;
    }
}
