package io.upgradeclient.web.internal.metrics;

import java.io.IOException;
import java.io.Writer;
import java.time.Clock;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import io.upgradeclient.api.CheckCatalog;
import io.upgradeclient.api.Cluster;
import io.upgradeclient.api.EventField;
import io.upgradeclient.api.EventQuery;
import io.upgradeclient.api.History;
import io.upgradeclient.api.JobQueue;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /metrics}: check, job, history, transfer and node figures for Prometheus ({@link PrometheusText}).
 * Open without login unless {@code metrics_public} is false (the security filter decides).
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("upgradeclient-metrics")
@HttpWhiteboardServletPattern("/metrics")
public final class MetricsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient CheckCatalog checks;
    private final transient JobQueue jobs;
    private final transient History history;
    private final transient Cluster cluster;
    private final transient Clock clock;

    /**
     * @param checks the configured checks
     * @param jobs the job queue
     * @param history the event history and its totals
     * @param cluster the nodes sharing the store
     */
    @Activate
    public MetricsServlet(@Reference CheckCatalog checks, @Reference JobQueue jobs, @Reference History history,
            @Reference Cluster cluster) {
        this(checks, jobs, history, cluster, Clock.systemUTC());
    }

    MetricsServlet(CheckCatalog checks, JobQueue jobs, History history, Cluster cluster, Clock clock) {
        this.checks = checks;
        this.jobs = jobs;
        this.history = history;
        this.cluster = cluster;
        this.clock = clock;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String body = PrometheusText.render(new PrometheusText.Figures(cluster.node(), checks.statuses(), jobs.countByState(""),
                history.countBy(EventQuery.all(), EventField.LEVEL), history.totals(), cluster.nodes(clock.instant())));
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(PrometheusText.CONTENT_TYPE);
        response.setHeader("Cache-Control", "no-store");
        try (Writer out = response.getWriter()) {
            out.write(body);
        }
    }
}
