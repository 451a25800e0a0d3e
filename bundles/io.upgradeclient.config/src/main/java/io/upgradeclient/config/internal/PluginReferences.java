package io.upgradeclient.config.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
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
import io.upgradeclient.api.SectionSettings;
import io.upgradeclient.api.TargetRef;
import io.upgradeclient.api.UploadTarget;

/**
 * What {@code check-config} adds to the parsers for a configuration that is valid JSON but would not work in the
 * default distribution: a plugin type no shipped bundle provides, filter options the filter itself rejects (checked
 * by calling the filter's {@code decide} with no changes), and source options or upload and alert section settings
 * the plugin's own settings parser rejects (its static {@code class#method} of {@code shipped-plugins.txt}, called
 * with what the framework would hand it), so the rules are the plugin's own. The running bundle does not make these
 * checks: a plugin may be deployed after the configuration.
 */
final class PluginReferences {
    private static final String DEPLOY_HINT = "; a bundle dropped into deploy/ may provide it";

    private final ShippedPlugins shipped;
    private final ClassLoader classes;
    private final Path home;

    /**
     * @param shipped the distribution's plugins
     * @param classes where the validator classes of the shipped plugins are looked for
     * @param home the distribution folder, against which plugins resolve relative paths of their settings
     */
    PluginReferences(ShippedPlugins shipped, ClassLoader classes, Path home) {
        this.shipped = shipped;
        this.classes = classes;
        this.home = home;
    }

    /**
     * @param file the check file
     * @param check its properties, as {@link CheckFile} made them
     * @return the problems, as {@code file:line: field: what is wrong}
     */
    List<String> ofCheck(Path file, Map<String, Object> check) {
        List<String> problems = new ArrayList<>();
        String checkType = (String) check.get("check_type");
        if (type(problems, file, List.of("check_type"), "check_type", PluginKind.CHECKER, checkType)) {
            // a checker's defaults come from the framework's configuration, which check-config does not read
            settings(PluginKind.CHECKER, checkType, Map.of(CheckDefinition.class, definition(check), Map.class, Map.of(), Path.class, home))
                    .ifPresent(problem -> problems.add(new ConfigProblem(file, JsonFiles.lineOf(file, List.of("check_type")),
                            "check_type", "options the source '" + checkType + "' accepts: " + problem).message()));
        }
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
    List<String> ofSection(Path file, PluginKind kind, String section, String type, Map<String, Object> properties) {
        List<String> problems = new ArrayList<>();
        if (type(problems, file, List.of(section, type), section + "." + type, kind, type)) {
            Map<String, String> settings = SectionSettings.of(properties);
            // an uploader gets its section as an UploadTarget and its framework-configured defaults (unknown here) as a
            // map; an alerter gets the section's name and settings
            Map<Class<?>, Object> arguments = kind == PluginKind.UPLOADER
                    ? Map.of(UploadTarget.class, new UploadTarget(new TargetRef(section, type), settings), Map.class, Map.of(), Path.class, home)
                    : Map.of(String.class, section, Map.class, settings, Path.class, home);
            settings(kind, type, arguments).ifPresent(problem -> problems.add(new ConfigProblem(file,
                    JsonFiles.lineOf(file, List.of(section, type)), section + "." + type, "settings the " + (kind == PluginKind.UPLOADER ? "upload" : "alert")
                    + " type '" + type + "' accepts: " + problem).message()));
        }
        return problems;
    }

    /**
     * Calls the plugin's settings parser, a static method named {@code class#method} in {@code shipped-plugins.txt},
     * with an argument of each parameter type from {@code arguments}; an {@code int} parameter is a default the
     * framework configures and gets 1, which only stands for a value the section leaves empty.
     *
     * @return what the parser rejected, if it did
     */
    private Optional<String> settings(PluginKind kind, String type, Map<Class<?>, Object> arguments) {
        Optional<String> validator = shipped.find(kind, type).flatMap(ShippedPlugins.Plugin::validator);
        if (validator.isEmpty()) {
            return Optional.empty();
        }
        String[] parts = validator.get().split("#", 2);
        Method parser;
        try {
            parser = parser(Class.forName(parts[0], true, classes), parts.length == 2 ? parts[1] : "", arguments);
        } catch (ReflectiveOperationException | LinkageError e) {
            // the tool's class path lacks the bundle: say so rather than pass the settings unchecked in silence
            return Optional.of("they cannot be checked: " + validator.get() + " is not on check-config's class path (" + e + ")");
        }
        Object[] values = new Object[parser.getParameterCount()];
        for (int i = 0; i < values.length; i++) {
            Class<?> parameter = parser.getParameterTypes()[i];
            values[i] = parameter == int.class ? 1 : arguments.get(parameter);
        }
        try {
            parser.invoke(null, values);
            return Optional.empty();
        } catch (InvocationTargetException e) {
            return Optional.of(e.getCause() instanceof PermanentException ? e.getCause().getMessage()
                    : "it failed on them with " + e.getCause());
        } catch (IllegalAccessException e) {
            return Optional.of("they cannot be checked: " + validator.get() + " is not callable (" + e + ")");
        }
    }

    /** @return the static method of that name whose parameters all have an argument */
    private static Method parser(Class<?> type, String name, Map<Class<?>, Object> arguments) throws NoSuchMethodException {
        for (Method method : type.getDeclaredMethods()) {
            if (Modifier.isStatic(method.getModifiers()) && method.getName().equals(name) && List.of(method.getParameterTypes())
                    .stream().allMatch(parameter -> parameter == int.class || arguments.containsKey(parameter))) {
                // the parsers are package-private: the bundles export only the API
                method.setAccessible(true);
                return method;
            }
        }
        throw new NoSuchMethodException(type.getName() + "#" + name + " with parameters among " + arguments.keySet() + " and int");
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
