package io.upgradeclient.core.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.osgi.service.component.ComponentConstants;

import io.upgradeclient.api.BundleState;
import io.upgradeclient.api.Checker;
import io.upgradeclient.api.PluginInfo;
import io.upgradeclient.api.PluginKind;
import io.upgradeclient.api.Secrets;
import io.upgradeclient.api.Uploader;

class PluginRegistryTest {

    private PluginRegistry registry;
    private long nextServiceId = 10;

    @BeforeEach
    void createRegistry() throws Exception {
        BundleContext context = mock(BundleContext.class);
        when(context.createFilter(any())).thenReturn(mock(Filter.class));
        registry = new PluginRegistry(context);
    }

    @Test
    void filterMatchesExactlyTheFivePluginInterfaces() {
        String filter = PluginRegistry.pluginFilter();

        for (PluginKind kind : PluginKind.values()) {
            assertThat(filter).contains("(objectClass=" + kind.serviceInterface().getName() + ")");
        }
        assertThat(filter).startsWith("(|").endsWith(")");
    }

    @Test
    void arrivingPluginAppearsWithItsBundleComponentAndMaskedProperties() {
        Bundle bundle = bundle("io.upgradeclient.upload.rsync", "1.2.3", Bundle.ACTIVE);
        ServiceReference<Object> rsync = plugin(bundle, Uploader.class, "rsync",
                Map.of("password", "hunter2", "serverip", "10.0.0.1"));

        registry.addingService(rsync);

        assertThat(registry.plugins()).singleElement().satisfies(info -> {
            assertThat(info.kind()).isEqualTo(PluginKind.UPLOADER);
            assertThat(info.type()).isEqualTo("rsync");
            assertThat(info.bundleSymbolicName()).isEqualTo("io.upgradeclient.upload.rsync");
            assertThat(info.bundleVersion()).isEqualTo("1.2.3");
            assertThat(info.bundleState()).isEqualTo(BundleState.ACTIVE);
            assertThat(info.componentName()).isEqualTo("component.rsync");
            assertThat(info.properties()).containsEntry("password", Secrets.MASK).containsEntry("serverip", "10.0.0.1");
        });
    }

    @Test
    void departedPluginVanishesFromTheSnapshot() {
        ServiceReference<Object> svn = plugin(bundle("io.upgradeclient.check.svn", "1.0.0", Bundle.ACTIVE), Checker.class, "svn", Map.of());
        ServiceReference<Object> rsync = plugin(bundle("io.upgradeclient.upload.rsync", "1.0.0", Bundle.ACTIVE), Uploader.class, "rsync", Map.of());
        ServiceReference<?> trackedSvn = registry.addingService(svn);
        registry.addingService(rsync);

        long rsyncId = registry.plugins().stream().filter(info -> info.type().equals("rsync")).findFirst().orElseThrow().serviceId();

        registry.removedService(svn, trackedSvn);

        assertThat(registry.plugins()).extracting(PluginInfo::type).containsExactly("rsync");
        assertThat(registry.arrivedAt(rsyncId)).isPresent();
        assertThat(registry.departed()).singleElement().satisfies(departed -> {
            assertThat(departed.plugin().type()).isEqualTo("svn");
            assertThat(departed.plugin().bundleSymbolicName()).isEqualTo("io.upgradeclient.check.svn");
            assertThat(departed.departed()).isAfterOrEqualTo(departed.arrived());
        });
    }

    @Test
    void onlyTheLatestDeparturesAreKeptNewestFirst() {
        for (int i = 0; i < PluginRegistry.DEPARTURES_KEPT + 5; i++) {
            ServiceReference<Object> reference = plugin(bundle("b" + i, "1.0.0", Bundle.ACTIVE), Checker.class, "t" + i, Map.of());
            registry.removedService(reference, registry.addingService(reference));
        }

        assertThat(registry.departed()).hasSize(PluginRegistry.DEPARTURES_KEPT);
        assertThat(registry.departed().get(0).plugin().type()).isEqualTo("t" + (PluginRegistry.DEPARTURES_KEPT + 4));
    }

    @Test
    void snapshotShowsTheBundleStateAsItIsNow() {
        Bundle bundle = bundle("io.upgradeclient.check.svn", "1.0.0", Bundle.ACTIVE);
        registry.addingService(plugin(bundle, Checker.class, "svn", Map.of()));

        when(bundle.getState()).thenReturn(Bundle.STOPPING);

        assertThat(registry.plugins()).extracting(PluginInfo::bundleState).containsExactly(BundleState.STOPPING);
    }

    @Test
    void snapshotIsOrderedByKindThenType() {
        registry.addingService(plugin(bundle("b.upload", "1.0.0", Bundle.ACTIVE), Uploader.class, "rsync", Map.of()));
        registry.addingService(plugin(bundle("b.svn", "1.0.0", Bundle.ACTIVE), Checker.class, "svn", Map.of()));
        registry.addingService(plugin(bundle("b.http", "1.0.0", Bundle.ACTIVE), Checker.class, "http", Map.of()));

        assertThat(registry.plugins()).extracting(PluginInfo::type).containsExactly("http", "svn", "rsync");
    }

    @Test
    void serviceThatIsNotAPluginIsNotTracked() {
        ServiceReference<Object> other = plugin(bundle("x", "1.0.0", Bundle.ACTIVE), Runnable.class, "x", Map.of());

        assertThat(registry.addingService(other)).isNull();
        assertThat(registry.plugins()).isEmpty();
    }

    private static Bundle bundle(String symbolicName, String version, int state) {
        Bundle bundle = mock(Bundle.class);
        when(bundle.getSymbolicName()).thenReturn(symbolicName);
        when(bundle.getVersion()).thenReturn(Version.parseVersion(version));
        when(bundle.getState()).thenReturn(state);
        return bundle;
    }

    @SuppressWarnings("unchecked")
    private ServiceReference<Object> plugin(Bundle bundle, Class<?> service, String type, Map<String, Object> extra) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(Constants.OBJECTCLASS, new String[] {service.getName()});
        properties.put(Constants.SERVICE_ID, nextServiceId++);
        properties.put(PluginKind.TYPE_PROPERTY, type);
        properties.put(ComponentConstants.COMPONENT_NAME, "component." + type);
        properties.putAll(extra);
        ServiceReference<Object> reference = mock(ServiceReference.class);
        when(reference.getBundle()).thenReturn(bundle);
        when(reference.getPropertyKeys()).thenReturn(properties.keySet().toArray(String[]::new));
        when(reference.getProperty(any())).thenAnswer(call -> properties.get(call.getArgument(0, String.class)));
        return reference;
    }
}
