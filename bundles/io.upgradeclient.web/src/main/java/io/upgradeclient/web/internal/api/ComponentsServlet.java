package io.upgradeclient.web.internal.api;

import java.io.IOException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import io.upgradeclient.api.CheckCatalog;
import io.upgradeclient.api.ComponentRegistry;
import io.upgradeclient.api.JobQueue;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /api/v1/components}: every registered plugin with its kind, type, bundle, state, arrival, the checks
 * using it, the jobs waiting for it and its properties (secrets masked); the types checks name that no bundle
 * provides; and the plugins that left recently: {@code {"plugins": [...], "missing": [...], "departed": [...]}}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("upgradeclient-api-components")
@HttpWhiteboardServletPattern("/api/v1/components")
public final class ComponentsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient ComponentRegistry registry;
    private final transient CheckCatalog checks;
    private final transient JobQueue jobs;

    /**
     * @param registry the plugin registry of the core
     * @param checks the configured checks, for which plugins they use
     * @param jobs the job queue, for the jobs waiting for a plugin
     */
    @Activate
    public ComponentsServlet(@Reference ComponentRegistry registry, @Reference CheckCatalog checks, @Reference JobQueue jobs) {
        this.registry = registry;
        this.checks = checks;
        this.jobs = jobs;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonResponse.write(response, HttpServletResponse.SC_OK, Views.components(Components.of(registry, checks, jobs)));
    }
}
