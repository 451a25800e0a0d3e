package io.upgradeclient.web.internal.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An endpoint's answer before it is written: a status and a body for Gson.
 *
 * @param status the HTTP status
 * @param body the JSON body (maps, lists, numbers, strings)
 */
public record Reply(int status, Object body) {
    /** @param body the body @return a 200 reply */
    public static Reply ok(Object body) {
        return new Reply(200, body);
    }

    /** @param status an error status @param message what went wrong @return {@code {"error": message}} */
    public static Reply error(int status, String message) {
        return new Reply(status, Map.of("error", message));
    }

    /** @param bad the unusable parameter @return a 400 with {@code {"error": …, "parameter": …}} */
    public static Reply badRequest(BadParameter bad) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", bad.getMessage());
        body.put("parameter", bad.parameter());
        return new Reply(400, body);
    }
}
