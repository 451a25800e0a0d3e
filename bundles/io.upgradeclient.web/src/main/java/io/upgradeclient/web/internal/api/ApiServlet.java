package io.upgradeclient.web.internal.api;

import java.io.IOException;
import java.time.Clock;
import java.time.ZoneId;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.upgradeclient.api.CheckCatalog;
import io.upgradeclient.api.History;
import io.upgradeclient.api.JobQueue;
import io.upgradeclient.web.internal.security.LogText;
import io.upgradeclient.web.internal.security.User;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Serves {@link WebApi}: {@code /ajax/...} (the original's endpoints) and {@code /api/v1/...} (the documented API;
 * {@code /api/v1/components} has its own servlet). The security filter has signed the user in; actions are
 * refused here too unless the user is an admin.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("upgradeclient-api")
@HttpWhiteboardServletPattern({"/api/v1/*", "/ajax/*"})
public final class ApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);

    private final transient WebApi api;

    /**
     * @param history the event history
     * @param jobs the job queue
     * @param checks the configured checks
     */
    @Activate
    public ApiServlet(@Reference History history, @Reference JobQueue jobs, @Reference CheckCatalog checks) {
        this.api = new WebApi(history, jobs, checks, Clock.systemUTC(), ZoneId.systemDefault());
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        write(response, api.get(path(request), Params.of(request.getParameterMap())));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!(request.getAttribute(User.ATTRIBUTE) instanceof User user) || !user.isAdmin()) {
            write(response, Reply.error(HttpServletResponse.SC_FORBIDDEN, "this action needs the admin role"));
            return;
        }
        String path = path(request);
        LOG.info("Web action by '{}': POST {}", LogText.of(user.name()), LogText.of(path));
        write(response, api.post(path));
    }

    private static String path(HttpServletRequest request) {
        return request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    }

    private static void write(HttpServletResponse response, Reply reply) throws IOException {
        JsonResponse.write(response, reply.status(), reply.body());
    }
}
