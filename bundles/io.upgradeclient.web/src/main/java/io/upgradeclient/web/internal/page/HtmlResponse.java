package io.upgradeclient.web.internal.page;

import java.io.IOException;
import java.io.Writer;

import jakarta.servlet.http.HttpServletResponse;

/**
 * Writes HTML replies the same way everywhere: UTF-8 (Chinese file names and change logs), not cached.
 */
public final class HtmlResponse {
    private HtmlResponse() {
    }

    /**
     * @param response the reply
     * @param status the HTTP status
     * @param document the whole document
     * @throws IOException if the client went away
     */
    public static void write(HttpServletResponse response, int status, String document) throws IOException {
        response.setStatus(status);
        response.setContentType("text/html");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        try (Writer out = response.getWriter()) {
            out.write(document);
        }
    }

    /**
     * @param response the reply
     * @param status an error status
     * @param message what went wrong, escaped
     * @throws IOException if the client went away
     */
    public static void error(HttpServletResponse response, int status, String message) throws IOException {
        String content = "<p class=\"error\" id=\"error-message\">" + Html.escape(message) + "</p><p><a href=\"/\">Dashboard</a></p>";
        write(response, status, Layout.page("Error " + status, "upgradeclient", null, null, "", content));
    }
}
