package io.upgradeclient.check.rclone.internal;

import java.lang.reflect.Type;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;

/**
 * What the checker remembers of one remote file. Stored in the checkpoint as {@code {"path":"size|time|hashes"}}.
 *
 * @param size its size in bytes, or -1 when the backend does not say
 * @param modified its modification time
 * @param hashes {@code type:value} pairs joined by commas, or empty when not asked for or not available
 */
record RemoteState(long size, Instant modified, String hashes) {
    private static final Gson GSON = new Gson();
    private static final Type MAP = new TypeToken<Map<String, String>>() { }.getType();

    /**
     * Hashes count only when both sides have them: turning {@code hash} on (or a backend offering none) must not
     * make every file look changed.
     */
    boolean sameAs(RemoteState other) {
        return size == other.size && modified.equals(other.modified)
                && (hashes.isEmpty() || other.hashes.isEmpty() || hashes.equals(other.hashes));
    }

    /** @return the change's revision: what makes this version of the file distinct */
    String revision() {
        return modified + ":" + size + (hashes.isEmpty() ? "" : ":" + hashes);
    }

    static String encode(Map<String, RemoteState> states) {
        Map<String, String> flat = new LinkedHashMap<>();
        states.forEach((path, state) -> flat.put(path, state.size + "|" + state.modified + "|" + state.hashes));
        return GSON.toJson(flat);
    }

    /**
     * @throws IllegalArgumentException when the text is not what {@link #encode} wrote
     */
    static Map<String, RemoteState> decode(String json) {
        try {
            Map<String, String> flat = GSON.fromJson(json, MAP);
            if (flat == null) {
                throw new IllegalArgumentException("empty");
            }
            Map<String, RemoteState> states = new LinkedHashMap<>();
            flat.forEach((path, value) -> {
                String[] parts = value.split("\\|", 3);
                if (parts.length != 3) {
                    throw new IllegalArgumentException("expected size|time|hashes for " + path);
                }
                states.put(path, new RemoteState(Long.parseLong(parts[0]), Instant.parse(parts[1]), parts[2]));
            });
            return states;
        } catch (JsonParseException | DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
