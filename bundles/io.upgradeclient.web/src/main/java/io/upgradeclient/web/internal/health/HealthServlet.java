package io.upgradeclient.web.internal.health;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

import io.upgradeclient.api.Cluster;
import io.upgradeclient.api.InstanceInfo;
import io.upgradeclient.web.internal.api.JsonResponse;
import io.upgradeclient.web.internal.security.User;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /health}: 200 with a JSON body once every upgradeclient component is up and the store can be read, 503
 * with the reasons before. Open without login so that service managers and load balancers can poll it; the detail
 * (problems, bundles, components, the cluster's nodes) only for a signed-in user. Other nodes being dead does not
 * make this one DOWN: it is listed in {@code cluster}.
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

    /* Optional for the same reason: without the store, SystemHealth reports its components. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile Cluster cluster;

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
        Cluster store = cluster;
        InstanceInfo current = instance;
        Map<String, Object> body = body(health.check(), store == null ? null : ClusterHealth.read(store, Instant.now()),
                current == null ? "" : current.name(), request.getAttribute(User.ATTRIBUTE) != null);
        JsonResponse.write(response, "UP".equals(body.get("status")) ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE, body);
    }

    /**
     * @param report the components' verdict
     * @param nodes the cluster as the store shows it, or {@code null} without a store
     * @param instance the installation's name
     * @param signedIn whether the caller signed in
     * @return the reply's body: {@code status} and {@code instance} for anyone, the detail for a signed-in user
     */
    static Map<String, Object> body(HealthReport report, ClusterHealth nodes, String instance, boolean signedIn) {
        List<String> problems = new ArrayList<>(report.problems());
        if (nodes != null && !nodes.reachable()) {
            problems.add(nodes.problem());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", problems.isEmpty() ? "UP" : "DOWN");
        body.put("instance", instance);
        if (signedIn) {
            /* which bundles, versions, components and nodes run helps an attacker: signed-in users only */
            body.put("problems", problems);
            body.put("bundles", report.bundles());
            body.put("components", report.components());
            if (nodes != null) {
                body.put("cluster", nodes.view());
            }
        }
        return body;
    }
}
