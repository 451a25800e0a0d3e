package io.upgradeclient.config.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * Reads {@code upload/upload.json} or {@code alert/alert.json}: {@code { "<relation_name>": { "<type>": {...} } }},
 * one factory configuration per section, named after the section.
 */
final class SectionsFile {
    /** The factory PID of upload targets. */
    static final String UPLOAD_PID = "io.upgradeclient.upload";
    /** The factory PID of alert media. */
    static final String ALERT_PID = "io.upgradeclient.alert";

    private static final Set<String> RESERVED = Set.of("name", "type", "source_file");

    private SectionsFile() {
    }

    /**
     * @param file the sections file
     * @param factoryPid {@link #UPLOAD_PID} or {@link #ALERT_PID}
     * @return one configuration per section
     * @throws ConfigException naming the first section or key that is wrong
     */
    static ParsedFile parse(Path file, String factoryPid) throws ConfigException {
        JsonObject root = JsonFiles.readObject(file);
        List<DesiredConfig> configs = new ArrayList<>();
        for (Map.Entry<String, JsonElement> section : JsonFiles.members(root)) {
            String name = section.getKey();
            if (name.isBlank() || name.chars().anyMatch(Character::isISOControl)) {
                throw problem(file, List.of(name), "\"" + name + "\"", "a section name that is not blank and has no control characters");
            }
            JsonObject byType = object(file, section.getValue(), List.of(name), name,
                    "an object with one plugin type, such as {\"rsync\": {...}}");
            List<Map.Entry<String, JsonElement>> types = new ArrayList<>();
            JsonFiles.members(byType).forEach(types::add);
            if (types.size() != 1) {
                throw problem(file, List.of(name), name, "exactly one plugin type (such as \"rsync\" or \"email\"), found "
                        + types.size());
            }
            String type = types.get(0).getKey();
            if (!CheckFile.TYPE.matcher(type).matches()) {
                throw problem(file, List.of(name, type), name + "." + type,
                        "a plugin type: lower-case letters, digits, '_' or '.'");
            }
            JsonObject settings = object(file, types.get(0).getValue(), List.of(name, type), name + "." + type,
                    "an object of settings");
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("name", name);
            properties.put("type", type);
            for (Map.Entry<String, JsonElement> setting : JsonFiles.members(settings)) {
                String key = setting.getKey();
                String field = name + "." + type + "." + key;
                if (RESERVED.contains(key)) {
                    throw problem(file, List.of(name, type, key), field, "a setting name other than " + RESERVED);
                }
                String value;
                try {
                    value = JsonFiles.scalarText(setting.getValue());
                } catch (IllegalArgumentException e) {
                    throw problem(file, List.of(name, type, key), field, "a string, number or boolean, was " + e.getMessage());
                }
                if (value != null) {
                    properties.put(key, value);
                }
            }
            properties.put("source_file", file.toAbsolutePath().toString());
            configs.add(new DesiredConfig(ConfigKey.factory(factoryPid, name), properties, false));
        }
        return new ParsedFile(configs, List.of());
    }

    private static JsonObject object(Path file, JsonElement value, List<String> where, String field, String expected)
            throws ConfigException {
        if (value == null || !value.isJsonObject()) {
            throw problem(file, where, field, expected + ", was " + JsonFiles.describe(value));
        }
        return value.getAsJsonObject();
    }

    private static ConfigException problem(Path file, List<String> where, String field, String expected) {
        return JsonFiles.problem(file, JsonFiles.lineOf(file, where), field, expected);
    }
}
