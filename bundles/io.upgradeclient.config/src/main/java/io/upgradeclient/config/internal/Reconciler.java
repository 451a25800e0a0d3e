package io.upgradeclient.config.internal;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.upgradeclient.api.Event;
import io.upgradeclient.api.EventLevel;
import io.upgradeclient.api.Secrets;

/**
 * Keeps Config Admin in step with the configuration folder: each {@link #scan()} parses the files that changed
 * since the previous one and creates, updates or deletes the configurations they define.
 *
 * <p>Config Admin itself is the memory of what was applied: every configuration made here carries
 * {@value #ORIGIN}={@value #ORIGIN_FILES} and the {@value #SOURCE_FILE} it came from, so a restart finds them
 * again, and nothing made elsewhere (Web Console, {@code .cfg} files) is ever deleted.
 *
 * <p>A file that fails to parse or validate produces one error, logged and recorded as an event, and its
 * previous configurations stay in force until it is fixed or deleted. Not thread-safe on its own: scans are
 * serialized by {@code synchronized}.
 */
final class Reconciler {
    /** Marks the configurations this bundle owns. */
    static final String ORIGIN = "upgradeclient.origin";
    static final String ORIGIN_FILES = "files";
    static final String SOURCE_FILE = "source_file";
    /** On a shared PID ({@link DesiredConfig#merge()}), the keys the files set, so that exactly those are removed later. */
    static final String OWNED_KEYS = "upgradeclient.files.keys";
    static final String COMPONENT = "ConfigFiles";

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final ConfigFolder configFolder;
    private final ConfigTarget target;
    private final Consumer<Event> events;
    private final HttpPortGuard httpPort;
    private final Map<Path, FileState> states = new HashMap<>();
    private boolean reconciled;

    /** What is known about one file between scans. */
    private static final class FileState {
        Fingerprint fingerprint;
        /** Its current version, or {@code null} while it is broken. */
        ParsedFile parsed;
        /** Why its current version cannot be read, or {@code null}. */
        ConfigException broken;
        /** The configurations it holds in Config Admin; they stay while the file is broken. */
        Set<ConfigKey> held = Set.of();
        /** The problem last reported, so that it is not reported again until the file or the problem changes. */
        ConfigProblem reported;
    }

    /**
     * @param configFolder the configuration folder
     * @param target where the configurations go
     * @param events receives one error event per broken file version
     * @param httpPort refuses a web server port that cannot be bound
     */
    Reconciler(ConfigFolder configFolder, ConfigTarget target, Consumer<Event> events, HttpPortGuard httpPort) {
        this.configFolder = configFolder;
        this.target = target;
        this.events = events;
        this.httpPort = httpPort;
    }

    /**
     * One pass: on the first, deletes owned configurations whose file is gone; then applies every file that was
     * added, changed or deleted since the previous pass.
     */
    synchronized void scan() {
        Optional<List<Path>> listed = managedFiles();
        if (listed.isEmpty()) {
            return;
        }
        List<Path> files = listed.get();
        if (!reconciled) {
            reconciled = removeOrphans(files);
            if (!reconciled) {
                return;
            }
        }
        for (Path gone : new ArrayList<>(states.keySet())) {
            if (!files.contains(gone) && release(gone, Set.of())) {
                states.remove(gone);
            }
        }
        // a configuration belongs to the first file (in the order of files()) that defines it, on every scan alike:
        // which file wins never depends on which one was there first
        Map<ConfigKey, Path> owners = new HashMap<>();
        for (Path file : files) {
            process(file, owners);
        }
    }

    /** @return the files that exist now, checks sorted by name; empty when the folder cannot be listed this time */
    private Optional<List<Path>> managedFiles() {
        try {
            return Optional.of(configFolder.files());
        } catch (IOException e) {
            // a folder that cannot be read now must not look empty: that would delete every check
            LOG.warn("Cannot list {} ({}); trying again at the next scan", configFolder.folder().resolve("check"), e.toString());
            return Optional.empty();
        }
    }

    /** Deletes the configurations whose file is gone, and learns which file holds which of the others. */
    private boolean removeOrphans(List<Path> files) {
        Map<String, Path> existing = new HashMap<>();
        files.forEach(file -> existing.put(file.toString(), file));
        try {
            Map<Path, Set<ConfigKey>> held = new HashMap<>();
            for (Map.Entry<ConfigKey, Map<String, Object>> owned : target.owned().entrySet()) {
                Path file = existing.get(String.valueOf(owned.getValue().get(SOURCE_FILE)));
                if (file == null) {
                    remove(owned.getKey(), owned.getValue());
                } else {
                    held.computeIfAbsent(file, key -> new HashSet<>()).add(owned.getKey());
                }
            }
            held.forEach((file, keys) -> states.computeIfAbsent(file, key -> new FileState()).held = Set.copyOf(keys));
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.error("Cannot read the configurations made from files in Config Admin ({}); trying again at the next scan",
                    e.toString());
            return false;
        }
    }

    private void process(Path file, Map<ConfigKey, Path> owners) {
        FileState state = states.computeIfAbsent(file, key -> new FileState());
        Fingerprint fingerprint;
        try {
            fingerprint = Fingerprint.of(file);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            LOG.warn("Cannot read {} ({}); trying again at the next scan", file, e.toString());
            state.held.forEach(key -> owners.putIfAbsent(key, file));
            return;
        }
        boolean changed = !fingerprint.equals(state.fingerprint);
        if (changed) {
            state.fingerprint = fingerprint;
            try {
                state.parsed = configFolder.parse(file);
                state.broken = null;
            } catch (ConfigException e) {
                state.parsed = null;
                state.broken = e;
            }
        }
        if (state.parsed == null) {
            // broken: what it applied before stays in force, and keeps its names
            state.held.forEach(key -> owners.putIfAbsent(key, file));
            reportOnce(file, state, state.broken, changed);
            return;
        }
        List<DesiredConfig> mine = new ArrayList<>();
        ConfigException duplicate = null;
        for (DesiredConfig desired : state.parsed.configs()) {
            Path owner = owners.putIfAbsent(desired.key(), file);
            if (owner == null) {
                mine.add(desired);
            } else if (duplicate == null) {
                duplicate = duplicateOf(file, desired.key(), owner);
            }
        }
        if (duplicate != null) {
            reportOnce(file, state, duplicate, changed);
        } else {
            state.reported = null;
        }
        Set<ConfigKey> keys = new HashSet<>();
        mine.forEach(desired -> keys.add(desired.key()));
        if (!changed && keys.equals(state.held)) {
            return;
        }
        Optional<Boolean> written = apply(file, mine);
        if (written.isEmpty()) {
            state.fingerprint = null;
            return;
        }
        state.held = Set.copyOf(keys);
        if (written.get()) {
            // only when Config Admin took a new configuration: a restart with unchanged files warns no more
            state.parsed.warnings().forEach(warning -> LOG.warn("{}", warning));
        }
    }

    private void reportOnce(Path file, FileState state, ConfigException e, boolean changed) {
        if (changed || !e.problem().equals(state.reported)) {
            report(file, e);
        }
        state.reported = e.problem();
    }

    /**
     * A configuration of the file that an earlier file already defines, as an error of this file naming both (the
     * same text for the running bundle and {@code check-config}).
     */
    static ConfigException duplicateOf(Path file, ConfigKey key, Path owner) {
        String name = key.name();
        ConfigProblem problem = new ConfigProblem(file, JsonFiles.lineOf(file, List.of("name")), "name",
                "a name no other file uses; '" + name + "' is already defined in " + owner
                        + " (the first file by name keeps it; this one is not applied)");
        return new ConfigException(problem, name);
    }

    private void report(Path file, ConfigException e) {
        String message = e.problem().message();
        LOG.error("Configuration not applied, the previous one stays in force: {}", message);
        events.accept(new Event(0, EventLevel.ERROR, "config", COMPONENT, e.check(), "", file.getFileName().toString(), "",
                "", null, "", "", message, Instant.now(), 0, null));
    }

    /** One setting of an applied file is refused: one line and one event, without a stack trace. */
    private void refuse(Path file, String why) {
        String message = file + ": " + why;
        LOG.error("{}", message);
        events.accept(new Event(0, EventLevel.ERROR, "config", COMPONENT, "", "", file.getFileName().toString(), "",
                "", null, "", "", message, Instant.now(), 0, null));
    }

    /**
     * Writes the file's configurations and deletes the ones it no longer defines.
     *
     * @return whether any configuration was created or updated; empty if Config Admin failed
     */
    private Optional<Boolean> apply(Path file, List<DesiredConfig> configs) {
        try {
            Set<ConfigKey> wanted = new HashSet<>();
            boolean written = false;
            for (DesiredConfig desired : configs) {
                wanted.add(desired.key());
                written |= write(file, desired);
            }
            return release(file, wanted) ? Optional.of(written) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.error("Cannot apply {} to Config Admin ({}); trying again at the next scan", file, e.toString());
            return Optional.empty();
        }
    }

    /** @return whether Config Admin was changed */
    private boolean write(Path file, DesiredConfig desired) throws IOException {
        Optional<Map<String, Object>> current = target.get(desired.key());
        Map<String, Object> next = new LinkedHashMap<>();
        if (desired.merge()) {
            current.ifPresent(next::putAll);
            withoutOwnedKeys(next);
            next.put(OWNED_KEYS, desired.properties().keySet().toArray(String[]::new));
        }
        next.putAll(desired.properties());
        next.put(ORIGIN, ORIGIN_FILES);
        if (desired.key().equals(ConfigKey.singleton(SettingsFile.HTTP_PID))) {
            Optional<String> refusal = httpPort.refusal(current.orElse(Map.of()), next);
            if (refusal.isPresent()) {
                refuse(file, refusal.get());
                HttpPortGuard.keepServedPort(current.orElse(Map.of()), next);
            }
        }
        if (current.isPresent() && same(current.get(), next)) {
            return false;
        }
        target.put(desired.key(), next);
        LOG.info("{} configuration {} from {}{}", current.isPresent() ? "Updated" : "Created", desired.key(), file,
                current.map(before -> ", changed: " + changedKeys(before, next)).orElse(""));
        LOG.debug("Configuration {} is now {}", desired.key(), Secrets.masked(next));
        return true;
    }

    /** Deletes the configurations made from {@code file} that are not in {@code keep}; {@code false} if Config Admin failed. */
    private boolean release(Path file, Set<ConfigKey> keep) {
        try {
            for (Map.Entry<ConfigKey, Map<String, Object>> owned : target.owned().entrySet()) {
                if (file.toString().equals(owned.getValue().get(SOURCE_FILE)) && !keep.contains(owned.getKey())) {
                    remove(owned.getKey(), owned.getValue());
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.error("Cannot remove the configurations of {} from Config Admin ({}); trying again at the next scan", file,
                    e.toString());
            return false;
        }
    }

    /** Deletes an owned configuration, or on a shared PID only the keys the files set. */
    private void remove(ConfigKey key, Map<String, Object> properties) throws IOException {
        if (properties.get(OWNED_KEYS) instanceof String[]) {
            Map<String, Object> rest = new LinkedHashMap<>(properties);
            withoutOwnedKeys(rest);
            if (!rest.isEmpty()) {
                target.put(key, rest);
                LOG.info("Removed the keys set from {} from configuration {}", properties.get(SOURCE_FILE), key);
                return;
            }
        }
        target.delete(key);
        LOG.info("Deleted configuration {}: {} no longer defines it", key, properties.get(SOURCE_FILE));
    }

    private static void withoutOwnedKeys(Map<String, Object> properties) {
        if (properties.get(OWNED_KEYS) instanceof String[] keys) {
            for (String key : keys) {
                properties.remove(key);
            }
        }
        properties.remove(OWNED_KEYS);
        properties.remove(ORIGIN);
    }

    static boolean same(Map<String, Object> a, Map<String, Object> b) {
        return a.keySet().equals(b.keySet()) && a.keySet().stream().allMatch(key -> Objects.deepEquals(a.get(key), b.get(key)));
    }

    private static Set<String> changedKeys(Map<String, Object> before, Map<String, Object> after) {
        Set<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        keys.removeIf(key -> Objects.deepEquals(before.get(key), after.get(key)));
        return keys;
    }
}
