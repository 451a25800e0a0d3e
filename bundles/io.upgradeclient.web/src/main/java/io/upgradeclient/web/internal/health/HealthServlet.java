package io.upgradeclient.web.internal.health;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import io.upgradeclient.api.InstanceInfo;
import io.upgradeclient.web.internal.api.JsonResponse;
import io.upgradeclient.web.internal.security.User;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /health}: 200 with a JSON body once every upgradeclient component is up, 503 with the reasons
 * before. Open without login so that service managers and load balancers can poll it; the detail (problems,
 * bundles, components) only for a signed-in user.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("upgradeclient-health")
@HttpWhiteboardServletPattern("/health")
public final class HealthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient SystemHealth health;

    /* Optional: /health must answer 503, not vanish, when the core that offers it is down. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile InstanceInfo instance;

    /**
     * @param context this bundle's context
     * @param scr the Declarative Services runtime, asked for component states
     */
    @Activate
    public HealthServlet(BundleContext context, @Reference ServiceComponentRuntime scr) {
        this.health = new SystemHealth(context, scr);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HealthReport report = health.check();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", report.up() ? "UP" : "DOWN");
        InstanceInfo current = instance;
        body.put("instance", current == null ? "" : current.name());
        if (request.getAttribute(User.ATTRIBUTE) != null) {
            /* which bundles, versions and components run helps an attacker: signed-in users only */
            body.put("problems", report.problems());
            body.put("bundles", report.bundles());
            body.put("components", report.components());
        }
        JsonResponse.write(response, report.up() ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE, body);
    }
}
