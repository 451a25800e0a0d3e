package io.upgradeclient.config.internal;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads {@code upgradeclient.yaml} into the singleton {@value #PID}, keys flattened with dots, and pushes
 * {@code web.port} / {@code web.host} to the HTTP service's own PID when they are set.
 *
 * <p>The YAML is only composed into nodes, never constructed into objects: no tag in the file can make
 * SnakeYAML instantiate a class, and every value keeps the line it came from for error messages.
 */
final class SettingsFile {
    /** The PID of the settings. */
    static final String PID = "io.upgradeclient.settings";
    /** The PID of Felix HTTP, which takes the port and host. */
    static final String HTTP_PID = "org.apache.felix.http";
    static final String HTTP_PORT = "org.osgi.service.http.port";
    static final String HTTP_HOST = "org.apache.felix.http.host";

    private enum Kind { PORT, TEXT, URL, COUNT, POSITIVE }

    private static final Map<String, Kind> KNOWN = known();

    private SettingsFile() {
    }

    private static Map<String, Kind> known() {
        Map<String, Kind> known = new LinkedHashMap<>();
        known.put("web.port", Kind.PORT);
        known.put("web.host", Kind.TEXT);
        known.put("web.public_url", Kind.URL);
        for (String path : List.of("data", "cache", "staging", "log")) {
            known.put("paths." + path, Kind.TEXT);
        }
        known.put("history.retention_days", Kind.COUNT);
        known.put("history.max_rows", Kind.COUNT);
        for (String store : List.of("type", "url", "user", "password", "password_file")) {
            known.put("store." + store, Kind.TEXT);
        }
        known.put("store.pool_size", Kind.POSITIVE);
        known.put("store.lease_seconds", Kind.POSITIVE);
        known.put("node.name", Kind.TEXT);
        for (String engine : List.of("check_threads", "job_threads", "max_attempts", "backoff_initial_seconds", "backoff_max_seconds")) {
            known.put("engine." + engine, Kind.POSITIVE);
        }
        return Map.copyOf(known);
    }

    /**
     * @param file the YAML settings file
     * @return the settings configuration, and the HTTP patch when the file sets the port or host
     * @throws ConfigException naming the line and key that are wrong
     */
    static ParsedFile parse(Path file) throws ConfigException {
        Node root = compose(file);
        Map<String, Object> settings = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        if (root != null) {
            if (!(root instanceof MappingNode mapping)) {
                throw problem(file, root, "(top level)", "a mapping of settings such as 'web:' and 'paths:'");
            }
            flatten(file, mapping, "", settings, warnings);
        }
        settings.put("source_file", file.toAbsolutePath().toString());
        List<DesiredConfig> configs = new ArrayList<>();
        configs.add(new DesiredConfig(ConfigKey.singleton(PID), settings, false));
        Map<String, Object> http = new LinkedHashMap<>();
        if (settings.get("web.port") instanceof Long port) {
            http.put(HTTP_PORT, port.intValue());
        }
        if (settings.get("web.host") instanceof String host) {
            http.put(HTTP_HOST, host);
        }
        if (!http.isEmpty()) {
            http.put("source_file", settings.get("source_file"));
            configs.add(new DesiredConfig(ConfigKey.singleton(HTTP_PID), http, true));
        }
        return new ParsedFile(configs, warnings);
    }

    private static Node compose(Path file) throws ConfigException {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(20);
        options.setCodePointLimit((int) JsonFiles.MAX_BYTES);
        try (Reader in = JsonFiles.utf8(file)) {
            if (Files.size(file) > JsonFiles.MAX_BYTES) {
                throw JsonFiles.problem(file, 0, "file", "at most " + JsonFiles.MAX_BYTES + " bytes");
            }
            return new Yaml(options).compose(in);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            // only the problem and its position: SnakeYAML's snippet of the line could show a password
            String where = mark == null ? "" : " (column " + (mark.getColumn() + 1) + ")";
            throw JsonFiles.problem(file, mark == null ? 0 : mark.getLine() + 1, "YAML syntax",
                    "valid YAML: " + e.getProblem() + where);
        } catch (YAMLException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                throw JsonFiles.problem(file, 0, "encoding", "UTF-8 text");
            }
            throw JsonFiles.problem(file, 0, "YAML syntax", "valid YAML: " + e.getMessage());
        } catch (CharacterCodingException e) {
            throw JsonFiles.problem(file, 0, "encoding", "UTF-8 text");
        } catch (IOException e) {
            throw JsonFiles.problem(file, 0, "file", "a readable file (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }

    private static void flatten(Path file, MappingNode mapping, String prefix, Map<String, Object> out, List<String> warnings)
            throws ConfigException {
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode keyNode) || keyNode.getValue().isBlank()) {
                throw problem(file, tuple.getKeyNode(), prefix.isEmpty() ? "(top level)" : prefix, "plain, non-empty key names");
            }
            String key = prefix.isEmpty() ? keyNode.getValue() : prefix + "." + keyNode.getValue();
            Node valueNode = tuple.getValueNode();
            if (out.containsKey(key) || out.keySet().stream().anyMatch(existing -> existing.startsWith(key + "."))) {
                throw problem(file, keyNode, key, "each key once");
            }
            if (valueNode instanceof MappingNode nested) {
                flatten(file, nested, key, out, warnings);
            } else if (valueNode instanceof ScalarNode scalar) {
                Object value = scalar(scalar);
                if (value != null) {
                    out.put(key, validate(file, scalar, key, value, warnings));
                }
            } else {
                throw problem(file, valueNode, key, "a single value (a string, number or boolean), was a list");
            }
        }
    }

    /** The value by its YAML type: integers as Long, booleans as Boolean, everything else as the text written. */
    private static Object scalar(ScalarNode node) {
        String text = node.getValue();
        Tag tag = node.getTag();
        if (Tag.NULL.equals(tag)) {
            return null;
        }
        if (Tag.BOOL.equals(tag)) {
            return List.of("true", "yes", "on").contains(text.toLowerCase(Locale.ROOT));
        }
        if (Tag.INT.equals(tag)) {
            try {
                return Long.parseLong(text.replace("_", ""));
            } catch (NumberFormatException e) {
                return text;
            }
        }
        return text;
    }

    private static Object validate(Path file, ScalarNode node, String key, Object value, List<String> warnings)
            throws ConfigException {
        Kind kind = KNOWN.get(key);
        if (kind == null) {
            warnings.add(file + ":" + (node.getStartMark().getLine() + 1) + ": " + key + " is not a known setting; kept as is");
            return value;
        }
        return switch (kind) {
            case TEXT -> value.toString();
            case PORT -> number(file, node, key, value, 1, 65535, "a TCP port from 1 to 65535");
            case COUNT -> number(file, node, key, value, 0, Long.MAX_VALUE, "a whole number, 0 or more");
            case POSITIVE -> number(file, node, key, value, 1, Long.MAX_VALUE, "a whole number greater than 0");
            case URL -> url(file, node, key, value.toString());
        };
    }

    private static Long number(Path file, ScalarNode node, String key, Object value, long min, long max, String expected)
            throws ConfigException {
        if (value instanceof Long number && number >= min && number <= max) {
            return number;
        }
        throw problem(file, node, key, expected + ", was '" + value + "'");
    }

    private static String url(Path file, ScalarNode node, String key, String text) throws ConfigException {
        try {
            URI uri = new URI(text);
            if (uri.isAbsolute() && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                return text;
            }
        } catch (URISyntaxException e) {
            // reported below like any other wrong value
        }
        throw problem(file, node, key, "an absolute http:// or https:// URL, was '" + text + "'");
    }

    private static ConfigException problem(Path file, Node node, String key, String expected) {
        return JsonFiles.problem(file, node.getStartMark().getLine() + 1, key, expected);
    }
}
