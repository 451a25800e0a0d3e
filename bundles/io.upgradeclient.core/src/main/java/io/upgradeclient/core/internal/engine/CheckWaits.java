package io.upgradeclient.core.internal.engine;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each check waits for, so that a wait is reported when it starts and when it ends instead of at every run:
 * a check waiting for a plugin runs every few seconds, and one warning per run would bury the log. A wait lasts until
 * its plugin is found, however long that takes: a check waiting for a filter whose checker goes away for a while
 * waits for both, and the filter's wait does not start again when the checker is back. Thread-safe.
 */
final class CheckWaits {
    private final Map<String, Set<String>> waiting = new ConcurrentHashMap<>();

    /**
     * @param check the check's name
     * @param plugin the plugin it cannot run without, as {@code kind:type}
     * @return whether this starts the wait: the check was not already waiting for that plugin
     */
    boolean starts(String check, String plugin) {
        return waiting.computeIfAbsent(check, name -> ConcurrentHashMap.newKeySet()).add(plugin);
    }

    /**
     * @param check the check's name
     * @param plugin a plugin the run found
     * @return whether the check was waiting for it, which is now over
     */
    boolean ends(String check, String plugin) {
        Set<String> plugins = waiting.get(check);
        return plugins != null && plugins.remove(plugin);
    }

    /** @param check a check that found everything it needs, or is no longer configured */
    void forget(String check) {
        waiting.remove(check);
    }
}
