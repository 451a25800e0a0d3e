package io.upgradeclient.web.internal.console;

import java.io.IOException;
import java.io.Writer;
import java.time.ZoneId;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.upgradeclient.api.CheckCatalog;
import io.upgradeclient.api.ComponentRegistry;
import io.upgradeclient.web.internal.page.Pages;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The "Upgrade Client" tab of the Felix Web Console ({@code /system/console/upgradeclient}): the checks with
 * their state and masked configuration, and the plugin registry. A plain servlet service with the console's
 * plugin properties; the console frames its output and guards it with its own login. Read only: actions are on
 * the upgradeclient pages, which carry their own CSRF protection.
 */
@Component(service = Servlet.class, property = {
    "felix.webconsole.label=upgradeclient",
    "felix.webconsole.title=Upgrade Client",
    "felix.webconsole.category=upgradeclient"
})
public final class ConsolePlugin extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient CheckCatalog checks;
    private final transient ComponentRegistry registry;
    private final transient Pages pages = new Pages(ZoneId.systemDefault());

    /**
     * @param checks the configured checks
     * @param registry the plugin registry
     */
    @Activate
    public ConsolePlugin(@Reference CheckCatalog checks, @Reference ComponentRegistry registry) {
        this.checks = checks;
        this.registry = registry;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/html");
        response.setCharacterEncoding("UTF-8");
        try (Writer out = response.getWriter()) {
            out.write(content());
        }
    }

    /**
     * @return the tab's markup: checks, then plugins
     */
    String content() {
        return "<div id=\"upgradeclient-console\"><h2>Checks</h2>" + pages.checks(checks, false, "")
                + "<h2>Plugins</h2>" + pages.components(registry.plugins())
                + "<p><a href=\"/\">Open the upgradeclient web UI</a></p></div>";
    }
}
