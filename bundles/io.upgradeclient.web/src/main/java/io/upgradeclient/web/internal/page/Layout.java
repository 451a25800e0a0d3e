package io.upgradeclient.web.internal.page;

import java.util.Locale;

import io.upgradeclient.web.internal.security.User;

/**
 * The frame of every page: head with the bundle's stylesheet and script, the navigation, and the sign-out form.
 */
public final class Layout {
    private static final String[][] NAV = {
        {"/", "Dashboard", "nav-dashboard"},
        {"/firmware", "History", "nav-history"},
        {"/checks", "Checks", "nav-checks"},
        {"/jobs", "Jobs", "nav-jobs"},
        {"/components", "Components", "nav-components"},
        {"/nodes", "Nodes", "nav-nodes"},
    };

    private Layout() {
    }

    /**
     * @param title the page title, escaped
     * @param instance the installation's name, escaped
     * @param user the signed-in user, or {@code null} on the login page
     * @param csrf the session's CSRF token, or {@code null} without a user
     * @param bodyAttributes literal attributes of {@code <body>} (data for the scripts), starting with a space or empty
     * @param content the page's markup
     * @return the whole document
     */
    public static String page(String title, String instance, User user, String csrf, String bodyAttributes, String content) {
        Html html = new Html();
        html.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .raw("<title>").text(title).raw(" · ").text(instance).raw("</title>")
                .raw("<link rel=\"icon\" href=\"/static/favicon.svg\" type=\"image/svg+xml\">")
                .raw("<link rel=\"stylesheet\" href=\"/static/app.css\">")
                .raw("<script src=\"/static/app.js\" defer></script></head>")
                .raw("<body").raw(bodyAttributes).raw("><header><span class=\"brand\" id=\"instance-name\">").text(instance).raw("</span>");
        if (user != null) {
            html.raw("<nav>");
            for (String[] item : NAV) {
                html.raw("<a id=\"").raw(item[2]).raw("\" href=\"").raw(item[0]).raw("\">").text(item[1]).raw("</a>");
            }
            html.raw("</nav><form class=\"logout\" method=\"post\" action=\"/logout\">").raw(csrfField(csrf))
                    .raw("<span id=\"current-user\" data-role=\"").text(user.role().name().toLowerCase(Locale.ROOT)).raw("\">")
                    .text(user.name()).raw("</span> <button id=\"logout\" type=\"submit\">Sign out</button></form>");
        }
        html.raw("</header><main>").raw("<h1>").text(title).raw("</h1>").raw(content).raw("</main></body></html>\n");
        return html.toString();
    }

    /**
     * @param csrf the session's token
     * @return the hidden form field carrying it
     */
    public static String csrfField(String csrf) {
        return "<input type=\"hidden\" name=\"csrf\" value=\"" + Html.escape(csrf) + "\">";
    }
}
