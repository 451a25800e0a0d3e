package io.upgradeclient.web.internal.api;

import java.io.IOException;
import java.io.Writer;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import jakarta.servlet.http.HttpServletResponse;

/**
 * Writes JSON replies the same way everywhere: UTF-8, not cached, not sniffed.
 */
public final class JsonResponse {
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    private JsonResponse() {
    }

    /**
     * @param response the reply to write
     * @param status the HTTP status
     * @param body any value Gson can serialize (records, maps, lists)
     * @throws IOException if the client went away
     */
    public static void write(HttpServletResponse response, int status, Object body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        try (Writer out = response.getWriter()) {
            GSON.toJson(body, out);
        }
    }
}
