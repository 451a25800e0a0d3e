package io.upgradeclient.core.internal.engine;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import io.upgradeclient.api.PluginLease;
import io.upgradeclient.api.Plugins;
import io.upgradeclient.api.PluginKind;

/**
 * {@link Plugins} on the OSGi service registry: asks it at every call, so a plugin deployed a moment ago is
 * used at once and a removed one is never called again.
 */
@Component(service = Plugins.class)
public final class ServicePlugins implements Plugins {
    private final BundleContext context;

    /**
     * @param context the core bundle's context: plugins are looked up in its service registry
     */
    @Activate
    public ServicePlugins(BundleContext context) {
        this.context = context;
    }

    @Override
    public <T> Optional<PluginLease<T>> acquire(PluginKind kind, String type, Class<T> serviceType) {
        Collection<ServiceReference<T>> references;
        try {
            references = context.getServiceReferences(serviceType, "(" + PluginKind.TYPE_PROPERTY + "=" + escape(type) + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("escaped filter cannot be invalid", e);
        }
        // ServiceReference order is by ranking, then by age: the highest is the one to use.
        return references.stream().sorted(Comparator.reverseOrder()).map(reference -> lease(reference)).flatMap(Optional::stream).findFirst();
    }

    private <T> Optional<PluginLease<T>> lease(ServiceReference<T> reference) {
        T service = context.getService(reference);
        if (service == null) {
            return Optional.empty();
        }
        return Optional.of(new PluginLease<>() {
            @Override
            public T service() {
                return service;
            }

            @Override
            public boolean isGone() {
                return reference.getBundle() == null;
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
