package io.upgradeclient.report.internal;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import io.upgradeclient.api.Alerter;
import io.upgradeclient.api.PluginKind;

/**
 * {@link Alerters} on the OSGi service registry: asks it at every send, so an alerter bundle can be deployed,
 * updated or removed at any time.
 */
final class ServiceAlerters implements Alerters {
    private final BundleContext context;

    ServiceAlerters(BundleContext context) {
        this.context = context;
    }

    @Override
    public Optional<Lease> acquire(String type) {
        Collection<ServiceReference<Alerter>> references;
        try {
            references = context.getServiceReferences(Alerter.class, "(" + PluginKind.TYPE_PROPERTY + "=" + escape(type) + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("escaped filter cannot be invalid", e);
        }
        // ServiceReference order is by ranking, then by age: the highest is the one to use.
        return references.stream().sorted(Comparator.reverseOrder()).map(this::lease).flatMap(Optional::stream).findFirst();
    }

    private Optional<Lease> lease(ServiceReference<Alerter> reference) {
        Alerter alerter = context.getService(reference);
        if (alerter == null) {
            return Optional.empty();
        }
        return Optional.of(new Lease() {
            @Override
            public Alerter alerter() {
                return alerter;
            }

            @Override
            public void close() {
                try {
                    context.ungetService(reference);
                } catch (IllegalStateException stopped) {
                    // our own bundle is stopping: the framework releases every service itself
                }
            }
        });
    }

    /** Types come from configuration files: keep filter syntax characters literal. */
    static String escape(String value) {
        StringBuilder escaped = new StringBuilder();
        for (char c : value.toCharArray()) {
            if ("()*\\".indexOf(c) >= 0) {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }
}
