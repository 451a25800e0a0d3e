package io.upgradeclient.web.internal.api;

import java.io.IOException;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import io.upgradeclient.api.ComponentRegistry;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /api/v1/components}: every registered plugin with its kind, type, bundle, state and properties
 * (secrets masked), as {@code {"plugins": [...]}}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("upgradeclient-api-components")
@HttpWhiteboardServletPattern("/api/v1/components")
public final class ComponentsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient ComponentRegistry registry;

    /**
     * @param registry the plugin registry of the core
     */
    @Activate
    public ComponentsServlet(@Reference ComponentRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonResponse.write(response, HttpServletResponse.SC_OK, Map.of("plugins", registry.plugins()));
    }
}
