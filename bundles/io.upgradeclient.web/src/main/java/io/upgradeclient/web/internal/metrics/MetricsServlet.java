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
import io.upgradeclient.api.EventField;
import io.upgradeclient.api.EventQuery;
import io.upgradeclient.api.History;
import io.upgradeclient.api.JobQueue;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /metrics}: check, job, history and transfer figures for Prometheus (transfers: see
 * {@link TransferTotals}, refreshed at most every 30 s). Open without login unless
 * {@code metrics_public} is false (the security filter decides).
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("upgradeclient-metrics")
@HttpWhiteboardServletPattern("/metrics")
public final class MetricsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient CheckCatalog checks;
    private final transient JobQueue jobs;
    private final transient History history;
    private final transient TransferTotals transfers;

    /**
     * @param checks the configured checks
     * @param jobs the job queue
     * @param history the event history
     */
    @Activate
    public MetricsServlet(@Reference CheckCatalog checks, @Reference JobQueue jobs, @Reference History history) {
        this.checks = checks;
        this.jobs = jobs;
        this.history = history;
        this.transfers = new TransferTotals(history, jobs, Clock.systemUTC());
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String body = PrometheusText.render(checks.statuses(), jobs.countByState(""), history.countBy(EventQuery.all(), EventField.LEVEL),
                transfers.current());
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(PrometheusText.CONTENT_TYPE);
        response.setHeader("Cache-Control", "no-store");
        try (Writer out = response.getWriter()) {
            out.write(body);
        }
    }
}
