package io.upgradeclient.config.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.upgradeclient.api.PluginKind;

/**
 * {@code bin/upgradeclient check-config}: validates the configuration folder without starting the service, with the
 * parsers the running bundle uses ({@link ConfigFolder}). Prints each problem as {@code file:line: field: what is wrong}
 * and exits with 1, or prints {@code ok} and the checks it found and exits with 0. Warnings (ignored keys, an upload
 * target or alert section a check names but no file defines) are printed but do not fail the check.
 *
 * <p>Runs on a plain class path (this bundle, Gson, SnakeYAML, cron-utils and their dependencies); the distribution
 * folder comes from the system property {@code upgradeclient.home}, else the working directory.
 */
public final class ValidateFolder {
    /** Exit code when every file is valid. */
    public static final int OK = 0;
    /** Exit code when at least one file has a problem. */
    public static final int PROBLEMS = 1;
    /** Exit code for a wrong command line or a folder that cannot be read. */
    public static final int USAGE = 2;

    /** Keys that belong to the framework, FileInstall, SCR or the Web Console rather than to the component. */
    private static final Pattern FRAMEWORK_KEY = Pattern.compile("(service|felix|component|webconsole)\\..*|.*\\.target");
    /** A malformed {@code \\uXXXX} escape, the one thing {@link Properties#load} rejects. */
    private static final Pattern BAD_UNICODE_ESCAPE = Pattern.compile("(?<!\\\\)(\\\\\\\\)*\\\\u(?![0-9A-Fa-f]{4})");

    private final ConfigFolder folder;
    private final PluginReferences plugins;
    private final PrintStream out;
    private final List<String> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<Map<String, Object>> checks = new ArrayList<>();
    private final Set<String> uploads = new HashSet<>();
    private final Set<String> alerts = new HashSet<>();
    private boolean uploadFile;
    private boolean alertFile;
    private MetatypeSettings settings;

    ValidateFolder(ConfigFolder folder, PrintStream out) {
        this.folder = folder;
        this.plugins = new PluginReferences(ShippedPlugins.load(), ValidateFolder.class.getClassLoader(), folder.home());
        this.out = out;
    }

    /**
     * @param args optionally the configuration folder (default {@code config} below the distribution folder)
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    static int run(String[] args, PrintStream out) {
        if (args.length > 1) {
            out.println("usage: upgradeclient check-config [config folder]");
            return USAGE;
        }
        Path home = ConfigFolder.homeOrWorkingDirectory(System.getProperty("upgradeclient.home"));
        Path config = args.length == 1 ? Path.of(args[0]) : home.resolve("config");
        if (!Files.isDirectory(config)) {
            out.println(config.toAbsolutePath() + ": not a folder");
            return USAGE;
        }
        try {
            return new ValidateFolder(new ConfigFolder(config, home), out)
                    .withSettingsOf(MetatypeSettings.of(home.resolve("bundle"), home.resolve("deploy"))).validate();
        } catch (IOException e) {
            out.println(config.toAbsolutePath() + ": cannot be read (" + e + ")");
            return USAGE;
        }
    }

    /**
     * @param described the settings the bundles' Metatype describes, to check the keys and values of {@code *.cfg} and {@code *.config}
     *        files against
     * @return this
     */
    ValidateFolder withSettingsOf(MetatypeSettings described) {
        this.settings = described;
        return this;
    }

    /** @return {@link #OK} or {@link #PROBLEMS}, having printed the verdict */
    int validate() throws IOException {
        Map<String, Path> checkNames = new LinkedHashMap<>();
        for (Path file : folder.files()) {
            ParsedFile parsed;
            try {
                parsed = folder.parse(file);
            } catch (ConfigException e) {
                problems.add(e.problem().message());
                continue;
            }
            warnings.addAll(parsed.warnings());
            for (DesiredConfig config : parsed.configs()) {
                collect(file, config, checkNames);
            }
        }
        validateCfgFiles();
        crossReferences();
        warnings.forEach(warning -> out.println("warning: " + warning));
        if (!problems.isEmpty()) {
            problems.forEach(out::println);
            out.println(problems.size() + (problems.size() == 1 ? " problem" : " problems") + " in " + folder.folder());
            return PROBLEMS;
        }
        out.println("ok");
        out.println(checks.size() + (checks.size() == 1 ? " check" : " checks") + " in " + folder.folder() + ":");
        for (Map<String, Object> check : checks) {
            out.println("  " + describe(check));
        }
        return OK;
    }

    private void collect(Path file, DesiredConfig config, Map<String, Path> checkNames) {
        String factoryPid = config.key().factoryPid();
        String name = config.key().name();
        if (CheckFile.FACTORY_PID.equals(factoryPid)) {
            Path first = checkNames.putIfAbsent(name, file);
            if (first != null) {
                // the same rule as the running bundle: the first file (in name order) keeps the check
                problems.add(Reconciler.duplicateOf(file, config.key(), first).problem().message());
            } else {
                checks.add(config.properties());
                problems.addAll(plugins.ofCheck(file, config.properties()));
            }
        } else if (SectionsFile.UPLOAD_PID.equals(factoryPid)) {
            uploadFile = true;
            String type = (String) config.properties().get("type");
            uploads.add(name + ":" + type);
            problems.addAll(plugins.ofSection(file, PluginKind.UPLOADER, name, type, config.properties()));
        } else if (SectionsFile.ALERT_PID.equals(factoryPid)) {
            alertFile = true;
            String type = (String) config.properties().get("type");
            alerts.add(name + ":" + type);
            problems.addAll(plugins.ofSection(file, PluginKind.ALERTER, name, type, config.properties()));
        }
    }

    /** Names that point nowhere are legal (a section may be added later) but are usually typing mistakes. */
    private void crossReferences() {
        for (Map<String, Object> check : checks) {
            for (String upload : (String[]) check.get("upload")) {
                if (!uploads.contains(upload)) {
                    warnings.add("check " + check.get("name") + ": upload " + upload + " is not a section of "
                            + (uploadFile ? "upload/upload.json" : "upload/upload.json (there is none)")
                            + "; its jobs will wait for it");
                }
            }
            for (JsonElement element : JsonParser.parseString((String) check.get("alert_medias")).getAsJsonArray()) {
                JsonObject media = element.getAsJsonObject();
                String section = media.get("relation_name").getAsString() + ":" + media.get("relation_type").getAsString();
                if (!alerts.contains(section)) {
                    warnings.add("check " + check.get("name") + ": alert media " + section + " is not a section of "
                            + (alertFile ? "alert/alert.json" : "alert/alert.json (there is none)"));
                }
            }
        }
    }

    /**
     * FileInstall reads {@code *.cfg} as Java properties (a malformed escape is the only thing that makes one
     * unreadable) and {@code *.config} as typed values (a malformed value makes it read the file as plain text).
     */
    private void validateCfgFiles() throws IOException {
        TreeSet<Path> sorted = new TreeSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder.folder(), "*.{cfg,config}")) {
            files.forEach(sorted::add);
        }
        for (Path file : sorted) {
            if (file.getFileName().toString().endsWith(".config")) {
                validateTypedFile(file);
                continue;
            }
            Properties properties = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                properties.load(in);
                List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
                Map<String, String> values = new LinkedHashMap<>();
                Map<String, Integer> keyLines = new LinkedHashMap<>();
                for (String key : properties.stringPropertyNames()) {
                    values.put(key, properties.getProperty(key).strip());
                    keyLines.put(key, keyLine(lines, key));
                }
                checkSettings(file, ".cfg", keyLines, values);
            } catch (IllegalArgumentException e) {
                problems.add(new ConfigProblem(file, badEscapeLine(file), "properties syntax",
                        "a valid \\uXXXX escape (four hexadecimal digits)").message());
            } catch (IOException e) {
                problems.add(new ConfigProblem(file, 0, "file", "a readable file (" + e + ")").message());
            }
        }
    }

    private void validateTypedFile(Path file) {
        try {
            TypedConfigFile typed = TypedConfigFile.read(file);
            typed.problems().forEach(problem -> problems.add(problem.message()));
            checkSettings(file, ".config", typed.keyLines(), typed.scalars());
        } catch (IOException e) {
            problems.add(new ConfigProblem(file, 0, "file", "a readable UTF-8 file (" + e + ")").message());
        }
    }

    /**
     * FileInstall names a file {@code pid.cfg} or {@code factoryPid-name.cfg} (likewise {@code .config}); for a PID a
     * bundle describes, every key must be one of its settings (otherwise it is ignored without a word) and every value
     * must convert to the setting's type (otherwise the component silently takes its default).
     *
     * @param keyLines every key of the file, with its line
     * @param values the text of the values to check against the settings' types
     */
    private void checkSettings(Path file, String suffix, Map<String, Integer> keyLines, Map<String, String> values) {
        if (settings == null) {
            return;
        }
        String base = file.getFileName().toString();
        base = base.substring(0, base.length() - suffix.length());
        String pid = base.contains("-") ? base.substring(0, base.indexOf('-')) : base;
        Optional<Map<String, String>> described = settings.settings(pid);
        if (described.isEmpty()) {
            return;
        }
        for (String key : new TreeSet<>(keyLines.keySet())) {
            String type = described.get().get(key);
            if (type == null) {
                if (!FRAMEWORK_KEY.matcher(key).matches()) {
                    warnings.add(file + ":" + keyLines.get(key) + ": " + key + " is not a setting of " + pid + " and is ignored"
                            + " (its settings: " + String.join(", ", described.get().keySet()) + ")");
                }
                continue;
            }
            String value = values.get(key);
            String expected = value == null ? null : MetatypeValues.problem(type, value);
            if (expected != null) {
                problems.add(new ConfigProblem(file, keyLines.get(key), key, expected + ", was '" + value + "'").message());
            }
        }
    }

    private static int keyLine(List<String> lines, String key) {
        Pattern assignment = Pattern.compile("^\\s*" + Pattern.quote(key) + "\\s*[=:\\s]");
        for (int i = 0; i < lines.size(); i++) {
            if (assignment.matcher(lines.get(i) + " ").find()) {
                return i + 1;
            }
        }
        return 0;
    }

    private static int badEscapeLine(Path cfg) throws IOException {
        List<String> lines = Files.readAllLines(cfg, StandardCharsets.ISO_8859_1);
        for (int i = 0; i < lines.size(); i++) {
            if (BAD_UNICODE_ESCAPE.matcher(lines.get(i)).find()) {
                return i + 1;
            }
        }
        return 0;
    }

    private static String describe(Map<String, Object> check) {
        return "check " + check.get("name") + " (" + check.get("check_type") + " " + withoutUserInfo((String) check.get("base_url"))
                + ", every " + check.get("summarize_interval") + " s, filters " + String.join(",", (String[]) check.get("check_filter"))
                + ", packager " + check.get("packager") + ", upload " + (((String[]) check.get("upload")).length == 0 ? "none" : String.join(",", (String[]) check.get("upload")))
                + ")";
    }

    /** The URL without {@code user:password@}: the output may be pasted into a ticket. */
    private static String withoutUserInfo(String url) {
        URI uri = URI.create(url);
        if (uri.getRawUserInfo() == null) {
            return url;
        }
        return url.replace(uri.getRawUserInfo() + "@", "");
    }
}
