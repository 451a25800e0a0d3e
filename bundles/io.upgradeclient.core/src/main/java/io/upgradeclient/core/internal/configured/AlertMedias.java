package io.upgradeclient.core.internal.configured;

import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import io.upgradeclient.api.AlertMedia;
import io.upgradeclient.api.TargetRef;

/**
 * Reads a check's {@code alert_medias} property: the seed's {@code alert.medias} JSON array, as the config bundle
 * stores it.
 */
final class AlertMedias {
    private AlertMedias() {
    }

    static List<AlertMedia> parse(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            JsonElement root = JsonParser.parseString(json);
            if (!root.isJsonArray()) {
                throw new IllegalArgumentException("alert_medias must be a JSON array");
            }
            List<AlertMedia> medias = new ArrayList<>();
            for (JsonElement element : root.getAsJsonArray()) {
                JsonObject media = element.getAsJsonObject();
                medias.add(new AlertMedia(new TargetRef(text(media, "relation_name"), text(media, "relation_type")),
                        addresses(media, "to"), addresses(media, "cc"), addresses(media, "bcc")));
            }
            return medias;
        } catch (JsonParseException | IllegalStateException e) {
            throw new IllegalArgumentException("alert_medias is not valid: " + e.getMessage(), e);
        }
    }

    private static String text(JsonObject object, String field) {
        JsonElement value = object.get(field);
        if (value == null || !value.isJsonPrimitive()) {
            throw new IllegalArgumentException("alert media needs '" + field + "'");
        }
        return value.getAsString();
    }

    private static List<String> addresses(JsonObject object, String field) {
        JsonElement value = object.get(field);
        List<String> addresses = new ArrayList<>();
        if (value instanceof JsonArray array) {
            array.forEach(address -> {
                if (!address.getAsString().isBlank()) {
                    addresses.add(address.getAsString().strip());
                }
            });
        } else if (value != null && value.isJsonPrimitive() && !value.getAsString().isBlank()) {
            addresses.add(value.getAsString().strip());
        }
        return addresses;
    }
}
