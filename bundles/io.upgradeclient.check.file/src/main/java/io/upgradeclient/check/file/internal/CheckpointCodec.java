package io.upgradeclient.check.file.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;

/**
 * The folder checker's checkpoint: a flat JSON object {@code {"path":"size:mtime",…}}, written and read with Gson
 * (strict: a checkpoint is only ever what {@link #encode} wrote, so anything else is an error, not a guess).
 */
final class CheckpointCodec {
    // paths are data, not HTML: no \u003c for '<'
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().setStrictness(Strictness.STRICT).create();

    private CheckpointCodec() {
    }

    /**
     * @param entries path to state, in the order to write them
     * @return the compact JSON object
     */
    static String encode(Map<String, String> entries) {
        return GSON.toJson(entries);
    }

    /**
     * @param json what {@link #encode} wrote
     * @return the entries, in written order
     * @throws IllegalArgumentException when it is not a flat JSON object of strings
     */
    static Map<String, String> decode(String json) {
        JsonElement root;
        try {
            root = GSON.fromJson(json, JsonElement.class);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("not valid JSON: " + firstLine(e), e);
        }
        if (root == null || !root.isJsonObject()) {
            throw new IllegalArgumentException("expected a JSON object, found " + (root == null ? "nothing" : root));
        }
        Map<String, String> entries = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> entry : root.getAsJsonObject().entrySet()) {
            JsonElement value = entry.getValue();
            if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
                throw new IllegalArgumentException("expected a string for '" + entry.getKey() + "', found " + value);
            }
            entries.put(entry.getKey(), value.getAsString());
        }
        return entries;
    }

    /** Gson's innermost message without its second line (a link to Gson's troubleshooting page). */
    private static String firstLine(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return String.valueOf(cause.getMessage()).lines().findFirst().orElse("");
    }
}
