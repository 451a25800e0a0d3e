package io.upgradeclient.core.internal.registry;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentConstants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.upgradeclient.api.BundleState;
import io.upgradeclient.api.ComponentRegistry;
import io.upgradeclient.api.DepartedPlugin;
import io.upgradeclient.api.PluginInfo;
import io.upgradeclient.api.PluginKind;
import io.upgradeclient.api.Secrets;

/**
 * Tracks every plugin service of the five kinds as it is registered, modified and unregistered, and logs each
 * arrival and departure: the audit trail of hot deploys.
 *
 * <p>It tracks service references rather than services so that listing a plugin never activates it.
 */
@Component(service = ComponentRegistry.class)
public final class PluginRegistry implements ComponentRegistry, ServiceTrackerCustomizer<Object, ServiceReference<?>> {
    private static final Logger LOG = LoggerFactory.getLogger(PluginRegistry.class);

    /** How many departures are remembered: enough to explain the last few hot deploys. */
    static final int DEPARTURES_KEPT = 20;

    private static final Comparator<PluginInfo> ORDER = Comparator.comparing(PluginInfo::kind)
            .thenComparing(PluginInfo::type)
            .thenComparingLong(PluginInfo::serviceId);

    /*
     * What each plugin was when it arrived: once a service is unregistered its reference no longer names its
     * bundle, and the departure must still be logged with it.
     */
    private final Map<ServiceReference<?>, PluginInfo> known = new ConcurrentHashMap<>();
    private final Map<Long, Instant> arrivals = new ConcurrentHashMap<>();
    /** The latest departures, newest first; guarded by itself. */
    private final ArrayDeque<DepartedPlugin> departures = new ArrayDeque<>();
    private final Clock clock = Clock.systemUTC();
    private final ServiceTracker<Object, ServiceReference<?>> tracker;

    /**
     * Starts tracking at once; plugins registered earlier are reported as arrivals too.
     *
     * @param context this bundle's context
     * @throws InvalidSyntaxException never: the filter is built from the plugin interfaces' names
     */
    @Activate
    public PluginRegistry(BundleContext context) throws InvalidSyntaxException {
        Filter plugins = context.createFilter(pluginFilter());
        tracker = new ServiceTracker<>(context, plugins, this);
        tracker.open();
    }

    @Deactivate
    void stop() {
        tracker.close();
    }

    /**
     * @return an LDAP filter matching the services of every plugin kind
     */
    public static String pluginFilter() {
        StringBuilder filter = new StringBuilder("(|");
        for (PluginKind kind : PluginKind.values()) {
            filter.append('(').append(Constants.OBJECTCLASS).append('=').append(kind.serviceInterface().getName()).append(')');
        }
        return filter.append(')').toString();
    }

    @Override
    public List<PluginInfo> plugins() {
        List<PluginInfo> snapshot = new ArrayList<>();
        for (ServiceReference<?> reference : known.keySet()) {
            PluginInfo current = describe(reference);
            snapshot.add(current != null ? current : known.get(reference));
        }
        snapshot.removeIf(info -> info == null);
        snapshot.sort(ORDER);
        return List.copyOf(snapshot);
    }

    @Override
    public Optional<Instant> arrivedAt(long serviceId) {
        return Optional.ofNullable(arrivals.get(serviceId));
    }

    @Override
    public List<DepartedPlugin> departed() {
        synchronized (departures) {
            return List.copyOf(departures);
        }
    }

    @Override
    public ServiceReference<?> addingService(ServiceReference<Object> reference) {
        PluginInfo info = describe(reference);
        if (info == null) {
            return null;
        }
        arrivals.put(info.serviceId(), clock.instant());
        known.put(reference, info);
        LOG.info("Plugin arrived: {} type '{}' from bundle {} {} (component {}, service {})", kindWord(info), info.type(),
                info.bundleSymbolicName(), info.bundleVersion(), info.componentName(), info.serviceId());
        return reference;
    }

    @Override
    public void modifiedService(ServiceReference<Object> reference, ServiceReference<?> tracked) {
        PluginInfo info = describe(reference);
        if (info != null) {
            known.put(reference, info);
        }
    }

    @Override
    public void removedService(ServiceReference<Object> reference, ServiceReference<?> tracked) {
        PluginInfo info = known.remove(reference);
        if (info != null) {
            Instant arrived = arrivals.remove(info.serviceId());
            DepartedPlugin departure = new DepartedPlugin(info, arrived == null ? Instant.EPOCH : arrived, clock.instant());
            synchronized (departures) {
                departures.addFirst(departure);
                while (departures.size() > DEPARTURES_KEPT) {
                    departures.removeLast();
                }
            }
            LOG.info("Plugin departed: {} type '{}' from bundle {} {} (component {}, service {})", kindWord(info),
                    info.type(), info.bundleSymbolicName(), info.bundleVersion(), info.componentName(), info.serviceId());
        }
    }

    /**
     * @return the plugin's current description, or {@code null} if it is not a plugin or already gone
     */
    static PluginInfo describe(ServiceReference<?> reference) {
        Bundle bundle = reference.getBundle();
        PluginKind kind = kindOf(reference.getProperty(Constants.OBJECTCLASS));
        if (bundle == null || kind == null) {
            return null;
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        for (String key : reference.getPropertyKeys()) {
            properties.put(key, displayValue(reference.getProperty(key)));
        }
        return new PluginInfo(kind,
                text(reference.getProperty(PluginKind.TYPE_PROPERTY)),
                bundle.getSymbolicName(),
                bundle.getVersion().toString(),
                BundleState.of(bundle.getState()),
                text(reference.getProperty(ComponentConstants.COMPONENT_NAME)),
                (Long) reference.getProperty(Constants.SERVICE_ID),
                Secrets.masked(properties));
    }

    private static PluginKind kindOf(Object objectClass) {
        if (objectClass instanceof String[] names) {
            for (String name : names) {
                PluginKind kind = PluginKind.ofInterface(name);
                if (kind != null) {
                    return kind;
                }
            }
        }
        return null;
    }

    /** Arrays become lists so that snapshots compare and print by content. */
    private static Object displayValue(Object value) {
        if (value instanceof Object[] array) {
            return List.of(array);
        }
        return value == null ? "" : value;
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    private static String kindWord(PluginInfo info) {
        return info.kind().name().toLowerCase(Locale.ROOT);
    }
}
