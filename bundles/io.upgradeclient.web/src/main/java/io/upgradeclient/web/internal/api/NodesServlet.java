package io.upgradeclient.web.internal.api;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import io.upgradeclient.api.Cluster;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /api/v1/nodes}: the nodes sharing the store — name, version, start, last heartbeat, whether alive,
 * the checks each owns and the jobs each runs — and which one answered, as {@code {"node": ..., "nodes": [...]}}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("upgradeclient-api-nodes")
@HttpWhiteboardServletPattern("/api/v1/nodes")
public final class NodesServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient Cluster cluster;
    private final transient Clock clock;

    /**
     * @param cluster the store's view of the cluster
     */
    @Activate
    public NodesServlet(@Reference Cluster cluster) {
        this(cluster, Clock.systemUTC());
    }

    NodesServlet(Cluster cluster, Clock clock) {
        this.cluster = cluster;
        this.clock = clock;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonResponse.write(response, HttpServletResponse.SC_OK, view(clock.instant()));
    }

    /**
     * @param now the current time
     * @return the body of the reply
     */
    Map<String, Object> view(Instant now) {
        List<Map<String, Object>> nodes = cluster.nodes(now).stream().map(Views::node).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("node", cluster.node());
        body.put("nodes", nodes);
        return body;
    }
}
