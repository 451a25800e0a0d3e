package io.upgradeclient.config.internal;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.Credentials;
import io.upgradeclient.api.Filter;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.PluginKind;

/**
 * What {@code check-config} adds to the parsers for a configuration that is valid JSON but would not work in the
 * default distribution: a plugin type no shipped bundle provides, and filter options the filter itself rejects
 * (checked by calling the filter's {@code decide} with no changes, so the rules are the plugin's own). The running
 * bundle does not make these checks: a plugin may be deployed after the configuration.
 */
final class PluginReferences {
    private static final String DEPLOY_HINT = "; a bundle dropped into deploy/ may provide it";

    private final ShippedPlugins shipped;
    private final ClassLoader classes;

    /**
     * @param shipped the distribution's plugins
     * @param classes where the validator classes of the shipped plugins are looked for
     */
    PluginReferences(ShippedPlugins shipped, ClassLoader classes) {
        this.shipped = shipped;
        this.classes = classes;
    }

    /**
     * @param file the check file
     * @param check its properties, as {@link CheckFile} made them
     * @return the problems, as {@code file:line: field: what is wrong}
     */
    List<String> ofCheck(Path file, Map<String, Object> check) {
        List<String> problems = new ArrayList<>();
        type(problems, file, List.of("check_type"), "check_type", PluginKind.CHECKER, (String) check.get("check_type"));
        String[] filters = (String[]) check.get("check_filter");
        for (int i = 0; i < filters.length; i++) {
            String field = filters.length == 1 ? "check_filter" : "check_filter[" + i + "]";
            if (type(problems, file, List.of("check_filter"), field, PluginKind.FILTER, filters[i])) {
                options(problems, file, field, filters[i], check);
            }
        }
        type(problems, file, List.of("packager"), "packager", PluginKind.PACKAGER, (String) check.get("packager"));
        String[] uploads = (String[]) check.get("upload");
        for (int i = 0; i < uploads.length; i++) {
            String relationType = uploads[i].substring(uploads[i].lastIndexOf(':') + 1);
            type(problems, file, List.of("upload", "relation_type"), "upload[" + i + "].relation_type", PluginKind.UPLOADER, relationType);
        }
        int i = 0;
        for (JsonElement media : JsonParser.parseString((String) check.get("alert_medias")).getAsJsonArray()) {
            String relationType = ((JsonObject) media).get("relation_type").getAsString();
            type(problems, file, List.of("alert", "medias", "relation_type"), "alert.medias[" + i++ + "].relation_type",
                    PluginKind.ALERTER, relationType);
        }
        return problems;
    }

    /**
     * @param file {@code upload/upload.json} or {@code alert/alert.json}
     * @param kind {@link PluginKind#UPLOADER} or {@link PluginKind#ALERTER}
     * @param section the section's name
     * @param type the section's inner key
     * @return the problems, as {@code file:line: field: what is wrong}
     */
    List<String> ofSection(Path file, PluginKind kind, String section, String type) {
        List<String> problems = new ArrayList<>();
        type(problems, file, List.of(section, type), section + "." + type, kind, type);
        return problems;
    }

    /** @return whether a shipped plugin has the type (otherwise a problem was added) */
    private boolean type(List<String> problems, Path file, List<String> where, String field, PluginKind kind, String type) {
        if (shipped.find(kind, type).isPresent()) {
            return true;
        }
        problems.add(new ConfigProblem(file, JsonFiles.lineOf(file, where), field, noun(kind) + " the distribution ships ("
                + String.join(", ", shipped.types(kind)) + "), was '" + type + "'" + DEPLOY_HINT).message());
        return false;
    }

    private void options(List<String> problems, Path file, String field, String type, Map<String, Object> check) {
        Optional<String> validator = shipped.find(PluginKind.FILTER, type).flatMap(ShippedPlugins.Plugin::validator);
        if (validator.isEmpty()) {
            return;
        }
        Filter filter;
        try {
            filter = (Filter) Class.forName(validator.get(), true, classes).getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            // the tool's class path lacks the bundle: say so rather than pass the options unchecked in silence
            problems.add(new ConfigProblem(file, 0, field, "options of filter '" + type + "' cannot be checked: "
                    + validator.get() + " is not on check-config's class path (" + e + ")").message());
            return;
        }
        try {
            filter.decide(definition(check), List.of());
        } catch (PermanentException e) {
            problems.add(new ConfigProblem(file, JsonFiles.lineOf(file, List.of("check_filter")), field,
                    "options the filter '" + type + "' accepts: " + e.getMessage()).message());
        } catch (RuntimeException e) {
            problems.add(new ConfigProblem(file, JsonFiles.lineOf(file, List.of("check_filter")), field,
                    "options the filter '" + type + "' accepts; it failed on them with " + e).message());
        }
    }

    /** The check as the engine would hand it to a filter: only what filters read is filled in exactly. */
    private static CheckDefinition definition(Map<String, Object> check) {
        Map<String, String> options = new LinkedHashMap<>();
        check.forEach((key, value) -> {
            if (key.startsWith(CheckFile.OPTION_PREFIX)) {
                options.put(key.substring(CheckFile.OPTION_PREFIX.length()), String.valueOf(value));
            }
        });
        return new CheckDefinition((String) check.get("name"), (String) check.get("check_type"),
                URI.create((String) check.get("base_url")), new Credentials("", ""), "",
                Duration.ofSeconds((Long) check.get("revision_seconds")), Duration.ofSeconds((Long) check.get("summarize_interval")),
                List.of((String[]) check.get("check_filter")), List.of(), "", List.of(), (String) check.get("target_cache"),
                options);
    }

    private static String noun(PluginKind kind) {
        return switch (kind) {
            case CHECKER -> "a source type";
            case FILTER -> "a filter type";
            case PACKAGER -> "a packager type";
            case UPLOADER -> "an upload type";
            case ALERTER -> "an alert type";
            default -> "a " + kind.name().toLowerCase(Locale.ROOT) + " type";
        };
    }
}
