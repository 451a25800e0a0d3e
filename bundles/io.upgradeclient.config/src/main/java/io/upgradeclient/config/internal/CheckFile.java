package io.upgradeclient.config.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import io.upgradeclient.config.cron.CronSchedule;

/**
 * Reads one seed-format {@code check/<name>.json} into the properties of one {@value #FACTORY_PID} factory
 * configuration, validating every field. See the module README for the mapping.
 */
final class CheckFile {
    /** The factory PID of checks. */
    static final String FACTORY_PID = "io.upgradeclient.check";
    static final long DEFAULT_REVISION_SECONDS = 2_592_000L;
    static final long DEFAULT_SUMMARIZE_INTERVAL = 15L;
    static final String DEFAULT_CHECK_TYPE = "svn";
    static final String DEFAULT_FILTER = "default";
    static final String DEFAULT_PACKAGER = "copy";
    /** What the original did with every check: package release notes and firmware into the upgrade server's tree. */
    static final String ORIGINAL_PACKAGER = "xm";

    /** Prefix of the keys that pass a check's other settings through to its plugins. */
    static final String OPTION_PREFIX = "option.";

    /** Plugin types are what {@code upgradeclient.type} service properties are matched against: keep them plain. */
    static final Pattern TYPE = Pattern.compile("[a-z0-9_.]+");

    private static final Pattern PROXY = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]+)(?::(\\d{1,5}))?");
    private static final Set<String> KEYS = Set.of("name", "check_type", "base_url", "auth_user", "auth_pass",
            "auth_pass_file", "proxy_host", "target_host", "revision_seconds", "summarize_interval", "check_filter", "upload", "alert",
            "target_cache", "packager");
    private static final Set<String> MEDIA_KEYS = Set.of("relation_name", "relation_type", "to", "cc", "bcc", "_comments");
    private static final Set<String> UPLOAD_KEYS = Set.of("relation_name", "relation_type", "_comments");
    private static final Set<String> ALERT_KEYS = Set.of("medias", "crontab", "_comments");

    private final Path file;
    private final Path home;
    private final JsonObject root;
    private final List<String> warnings = new ArrayList<>();
    private String name = "";

    private CheckFile(Path file, Path home, JsonObject root) {
        this.file = file;
        this.home = home;
        this.root = root;
    }

    /**
     * @param file a check file
     * @param home the distribution folder, against which a relative {@code file:} base_url is resolved
     * @return the one configuration it defines, keyed by the check's name
     * @throws ConfigException naming the first field that is wrong
     */
    static ParsedFile parse(Path file, Path home) throws ConfigException {
        return new CheckFile(file, home, JsonFiles.readObject(file)).parse();
    }

    private ParsedFile parse() throws ConfigException {
        Map<String, Object> properties = new LinkedHashMap<>();
        name = requiredText("name", List.of("name"), "a non-blank check name");
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw problem(List.of("name"), "name", "a check name without control characters");
        }
        properties.put("name", name);
        properties.put("check_type", type("check_type", List.of("check_type"), optionalText("check_type", ""), DEFAULT_CHECK_TYPE));
        properties.put("base_url", baseUrl());
        properties.put("auth_user", optionalText("auth_user", ""));
        properties.put("auth_pass", authPass());
        properties.put("proxy_host", proxyHost());
        properties.put("revision_seconds", seconds("revision_seconds", DEFAULT_REVISION_SECONDS));
        properties.put("summarize_interval", seconds("summarize_interval", DEFAULT_SUMMARIZE_INTERVAL));
        properties.put("check_filter", filters());
        properties.put("upload", uploads());
        JsonObject alert = alert();
        properties.put("alert_crontab", crontab(alert));
        properties.put("alert_medias", medias(alert));
        properties.put("target_cache", targetCache());
        // a file without check_type (or with the templates' "") is in the original's format, and the original always built the xm tree
        String defaultPackager = optionalText("check_type", "").isEmpty() ? ORIGINAL_PACKAGER : DEFAULT_PACKAGER;
        properties.put("packager", type("packager", List.of("packager"), optionalText("packager", ""), defaultPackager));
        if (!optionalText("target_host", "").isEmpty()) {
            warnings.add(file + ": target_host is not used and is ignored");
        }
        for (Map.Entry<String, JsonElement> member : JsonFiles.members(root)) {
            String key = member.getKey();
            if (!KEYS.contains(key)) {
                String value = scalar(member.getValue(), List.of(key), key,
                        "a string, number or boolean (extra settings are passed to plugins as option." + key + ")");
                if (value != null) {
                    properties.put(OPTION_PREFIX + key, value);
                }
            }
        }
        properties.put("source_file", file.toAbsolutePath().toString());
        return new ParsedFile(List.of(new DesiredConfig(ConfigKey.factory(FACTORY_PID, name), properties, false)), warnings);
    }

    /**
     * The URL as written, except that a relative {@code file:} URL ({@code file:var/inbox/}, opaque in URI terms)
     * becomes the absolute {@code file:} URL of that folder below {@link #home}: JSON cannot know where the
     * distribution was unpacked, and the shipped default check must work wherever that is.
     */
    private String baseUrl() throws ConfigException {
        String expected = "an absolute URL such as http://svn.example.com/firmware/, or file:<folder>/ relative to the"
                + " distribution folder";
        String text = requiredText("base_url", List.of("base_url"), expected);
        try {
            URI uri = new URI(text);
            if (!uri.isAbsolute()) {
                // the value itself is not shown: a URL may carry user:password
                throw problem(List.of("base_url"), "base_url", expected + ", was a relative reference");
            }
            if ("file".equalsIgnoreCase(uri.getScheme()) && uri.isOpaque()) {
                return relativeFileUrl(uri);
            }
        } catch (URISyntaxException e) {
            throw problem(List.of("base_url"), "base_url", expected + ", was not a URL (" + e.getReason()
                    + " at index " + e.getIndex() + ")");
        }
        return text;
    }

    private String relativeFileUrl(URI uri) throws ConfigException {
        String relative = uri.getSchemeSpecificPart();
        if (relative.isEmpty() || relative.chars().anyMatch(Character::isISOControl)) {
            throw problem(List.of("base_url"), "base_url", "file:<folder>/ with a folder relative to the distribution"
                    + " folder, without control characters, was '" + uri + "'");
        }
        String absolute = home.resolve(relative).normalize().toUri().toString();
        // Path.toUri() ends with '/' only for folders that exist now; the URL must not depend on that
        if (relative.endsWith("/") && !absolute.endsWith("/")) {
            absolute += "/";
        }
        return absolute;
    }

    private String proxyHost() throws ConfigException {
        String text = optionalText("proxy_host", "");
        if (text.isEmpty()) {
            return text;
        }
        var matcher = PROXY.matcher(text);
        if (!matcher.matches() || matcher.group(2) != null && !isPort(matcher.group(2))) {
            throw problem(List.of("proxy_host"), "proxy_host", "host[:port] of an HTTP proxy (port 1-65535), was '" + text + "'");
        }
        return text;
    }

    private static boolean isPort(String digits) {
        int port = Integer.parseInt(digits);
        return port >= 1 && port <= 65535;
    }

    private long seconds(String key, long defaultValue) throws ConfigException {
        JsonElement value = root.get(key);
        String expected = "a whole number of seconds greater than 0 (a number or a numeric string; \"\" for the default "
                + defaultValue + ")";
        if (value == null || value.isJsonNull()) {
            return defaultValue;
        }
        if (!value.isJsonPrimitive() || value.getAsJsonPrimitive().isBoolean()) {
            throw problem(List.of(key), key, expected + ", was " + JsonFiles.describe(value));
        }
        String text = value.getAsString().strip();
        if (text.isEmpty()) {
            return defaultValue;
        }
        long seconds;
        try {
            BigInteger whole = new BigDecimal(text).toBigIntegerExact();
            seconds = whole.longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw problem(List.of(key), key, expected + ", was '" + text + "'");
        }
        if (seconds <= 0) {
            throw problem(List.of(key), key, expected + ", was " + seconds);
        }
        return seconds;
    }

    private String[] filters() throws ConfigException {
        JsonElement value = root.get("check_filter");
        List<String> filters = new ArrayList<>();
        if (value != null && value.isJsonArray()) {
            JsonArray array = value.getAsJsonArray();
            for (int i = 0; i < array.size(); i++) {
                String field = "check_filter[" + i + "]";
                String filter = scalar(array.get(i), List.of("check_filter"), field, "a filter type");
                filters.add(type(field, List.of("check_filter"), filter == null ? "" : filter.strip(), null));
            }
        } else {
            String filter = scalar(value, List.of("check_filter"), "check_filter", "a filter type or an array of them");
            if (filter != null && !filter.isBlank()) {
                filters.add(type("check_filter", List.of("check_filter"), filter.strip(), null));
            }
        }
        return filters.isEmpty() ? new String[] {DEFAULT_FILTER} : filters.toArray(String[]::new);
    }

    private String[] uploads() throws ConfigException {
        List<String> uploads = new ArrayList<>();
        JsonArray array = optionalArray(root.get("upload"), List.of("upload"), "upload");
        for (int i = 0; i < array.size(); i++) {
            String field = "upload[" + i + "]";
            JsonObject entry = object(array.get(i), List.of("upload"), field,
                    "an object {\"relation_name\": ..., \"relation_type\": ...}");
            warnUnknown(entry, UPLOAD_KEYS, field);
            uploads.add(relationName(entry, "upload", field) + ":" + relationType(entry, "upload", field));
        }
        return uploads.toArray(String[]::new);
    }

    private JsonObject alert() throws ConfigException {
        JsonElement value = root.get("alert");
        if (value == null || value.isJsonNull()) {
            return new JsonObject();
        }
        JsonObject alert = object(value, List.of("alert"), "alert", "an object {\"medias\": [...], \"crontab\": ...}");
        warnUnknown(alert, ALERT_KEYS, "alert");
        return alert;
    }

    private String crontab(JsonObject alert) throws ConfigException {
        String expression = scalar(alert.get("crontab"), List.of("alert", "crontab"), "alert.crontab", "a cron expression");
        if (expression == null || expression.isBlank()) {
            return "";
        }
        try {
            CronSchedule.parse(expression, ZoneOffset.UTC);
        } catch (IllegalArgumentException e) {
            throw problem(List.of("alert", "crontab"), "alert.crontab", "a cron expression (5, 6 or 7 fields, or @daily and the like): "
                    + e.getMessage());
        }
        return expression.strip();
    }

    private String medias(JsonObject alert) throws ConfigException {
        JsonArray medias = optionalArray(alert.get("medias"), List.of("alert", "medias"), "alert.medias");
        JsonArray out = new JsonArray();
        for (int i = 0; i < medias.size(); i++) {
            String field = "alert.medias[" + i + "]";
            JsonObject media = object(medias.get(i), List.of("alert", "medias"), field,
                    "an object {\"relation_name\": ..., \"relation_type\": ..., \"to\": [...]}");
            warnUnknown(media, MEDIA_KEYS, field);
            JsonObject compact = new JsonObject();
            compact.addProperty("relation_name", relationName(media, "medias", field));
            compact.addProperty("relation_type", relationType(media, "medias", field));
            JsonArray to = addresses(media, "to", field);
            if (to.isEmpty()) {
                throw problem(List.of("alert", "medias", "to"), field + ".to", "at least one recipient address");
            }
            compact.add("to", to);
            compact.add("cc", addresses(media, "cc", field));
            compact.add("bcc", addresses(media, "bcc", field));
            out.add(compact);
        }
        return out.toString();
    }

    private JsonArray addresses(JsonObject media, String key, String field) throws ConfigException {
        JsonElement value = media.get(key);
        JsonArray addresses = new JsonArray();
        List<String> where = List.of("alert", "medias", key);
        if (value != null && value.isJsonArray()) {
            for (JsonElement element : value.getAsJsonArray()) {
                String address = scalar(element, where, field + "." + key, "an array of mail addresses");
                if (address == null || address.isBlank()) {
                    throw problem(where, field + "." + key, "an array of non-empty mail addresses");
                }
                addresses.add(new JsonPrimitive(address.strip()));
            }
        } else {
            String address = scalar(value, where, field + "." + key, "an array of mail addresses");
            if (address != null && !address.isBlank()) {
                addresses.add(new JsonPrimitive(address.strip()));
            }
        }
        return addresses;
    }

    private String relationName(JsonObject entry, String parent, String field) throws ConfigException {
        String value = scalar(entry.get("relation_name"), List.of(parent, "relation_name"), field + ".relation_name",
                "the name of a section");
        if (value == null || value.isBlank()) {
            throw problem(List.of(parent), field + ".relation_name", "required: the name of a section of the "
                    + ("upload".equals(parent) ? "upload/upload.json" : "alert/alert.json") + " file");
        }
        return value.strip();
    }

    private String relationType(JsonObject entry, String parent, String field) throws ConfigException {
        String value = scalar(entry.get("relation_type"), List.of(parent, "relation_type"), field + ".relation_type",
                "a plugin type");
        if (value == null || value.isBlank()) {
            throw problem(List.of(parent), field + ".relation_type", "required: the plugin type that handles it, such as "
                    + ("upload".equals(parent) ? "rsync" : "email"));
        }
        return type(field + ".relation_type", List.of(parent, "relation_type"), value.strip(), null);
    }

    private String targetCache() throws ConfigException {
        String text = optionalText("target_cache", "");
        boolean unsafe = text.startsWith("/") || text.contains("\\") || text.chars().anyMatch(Character::isISOControl)
                || List.of(text.split("/")).contains("..");
        if (unsafe) {
            throw problem(List.of("target_cache"), "target_cache",
                    "a relative folder below the staging area, without '..', '\\' or control characters, was '" + text + "'");
        }
        return text;
    }

    private void warnUnknown(JsonObject object, Set<String> known, String field) {
        for (String key : object.keySet()) {
            if (!known.contains(key)) {
                warnings.add(file + ": " + field + "." + key + " is not a known key and is ignored");
            }
        }
    }

    /** Checks a plugin type; an empty value gives the default, or is an error when there is none. */
    private String type(String field, List<String> where, String value, String defaultValue) throws ConfigException {
        if (value.isEmpty() && defaultValue != null) {
            return defaultValue;
        }
        if (!TYPE.matcher(value).matches()) {
            throw problem(where, field,
                    "a plugin type: lower-case letters, digits, '_' or '.', was '" + value + "'");
        }
        return value;
    }

    private String requiredText(String key, List<String> where, String expected) throws ConfigException {
        String value = scalar(root.get(key), where, key, expected);
        if (value == null || value.isBlank()) {
            throw problem(where, key, "required: " + expected);
        }
        return value.strip();
    }

    /**
     * The password inline ({@code auth_pass}) or from a file ({@code auth_pass_file}: a path, relative to the
     * distribution folder, of a file holding only the password, read when the check file is loaded), so that check
     * files can be committed without it.
     */
    private String authPass() throws ConfigException {
        String inline = optionalText("auth_pass", "");
        String file = optionalText("auth_pass_file", "");
        if (file.isEmpty()) {
            return inline;
        }
        if (!inline.isEmpty()) {
            throw problem(List.of("auth_pass_file"), "auth_pass_file", "either auth_pass or auth_pass_file, not both");
        }
        Path path = home.resolve(file);
        try {
            return Files.readString(path, StandardCharsets.UTF_8).replaceFirst("\\r?\\n$", "");
        } catch (IOException e) {
            throw problem(List.of("auth_pass_file"), "auth_pass_file", "a readable file holding the password, cannot read " + path
                    + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private String optionalText(String key, String defaultValue) throws ConfigException {
        String value = scalar(root.get(key), List.of(key), key, "a string");
        return value == null ? defaultValue : value.strip();
    }

    private String scalar(JsonElement value, List<String> where, String field, String expected) throws ConfigException {
        try {
            return JsonFiles.scalarText(value);
        } catch (IllegalArgumentException e) {
            throw problem(where, field, expected + ", was " + e.getMessage());
        }
    }

    private JsonArray optionalArray(JsonElement value, List<String> where, String field) throws ConfigException {
        if (value == null || value.isJsonNull()) {
            return new JsonArray();
        }
        if (!value.isJsonArray()) {
            throw problem(where, field, "an array [...], was " + JsonFiles.describe(value));
        }
        return value.getAsJsonArray();
    }

    private JsonObject object(JsonElement value, List<String> where, String field, String expected) throws ConfigException {
        if (value == null || !value.isJsonObject()) {
            throw problem(where, field, expected + ", was " + JsonFiles.describe(value));
        }
        return value.getAsJsonObject();
    }

    private ConfigException problem(List<String> where, String field, String expected) {
        // only validated, non-secret fields (URLs aside) quote their value in "expected"
        return new ConfigException(new ConfigProblem(file, JsonFiles.lineOf(file, where), field, expected), name);
    }
}
